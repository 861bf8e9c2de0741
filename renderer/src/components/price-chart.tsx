import { useEffect, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineStyle,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type MouseEventParams,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { BarDto } from '../../../core/contract/index.js';
import type { BracketLines, BreakoutMarker } from '../chart/chart-overlays.js';
import { levelsOf } from '../chart/levels.js';
import { CrosshairLegend } from './crosshair-legend.js';

const UP = '#26a69a';
const DOWN = '#ef5350';

interface Series {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
  readonly markers: ISeriesMarkersPluginApi<Time>;
}

export interface PriceChartProps {
  readonly symbol: string | undefined;
  readonly bars: readonly BarDto[];
  readonly markers?: readonly BreakoutMarker[] | undefined;
  readonly bracket?: BracketLines | undefined;
}

/**
 * Candles with volume underneath, breakout markers, support/resistance and the selected proposal's exits.
 * A new bar on the same symbol is an `update` (cheap, keeps the trader's zoom); a new symbol or a gap is a
 * full `setData`.
 */
export function PriceChart({ symbol, bars, markers = [], bracket }: PriceChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const series = useRef<Series | null>(null);
  const shown = useRef<{ symbol: string | undefined; lastTime: number | undefined }>({ symbol: undefined, lastTime: undefined });
  const lines = useRef<IPriceLine[]>([]);
  const barsRef = useRef(bars);
  barsRef.current = bars;
  const [hovered, setHovered] = useState<BarDto | undefined>(undefined);

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const chart = createChart(el, {
      autoSize: true,
      // The logo injects an inline <style>, which our CSP blocks; the attribution the licence asks for is
      // a text link in the status bar instead.
      layout: { background: { type: ColorType.Solid, color: '#0f1318' }, textColor: '#c9d1d9', attributionLogo: false },
      grid: { vertLines: { color: '#1c232c' }, horzLines: { color: '#1c232c' } },
      // Room right of the last bar so its breakout marker label is not cut off by the price axis.
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a323c', rightOffset: 4 },
      rightPriceScale: { borderColor: '#2a323c' },
    });
    const candles = chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });
    const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume' });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    const markerApi = createSeriesMarkers(candles, []);
    series.current = { chart, candles, volume, markers: markerApi };
    const onMove = (param: MouseEventParams) => setHovered(param.time === undefined ? undefined : barAt(barsRef.current, Number(param.time) * 1000));
    chart.subscribeCrosshairMove(onMove);
    return () => {
      chart.unsubscribeCrosshairMove(onMove);
      series.current = null;
      lines.current = [];
      shown.current = { symbol: undefined, lastTime: undefined };
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const s = series.current;
    if (s === null) return;
    const last = bars.at(-1);
    const prev = shown.current;
    if (last !== undefined && prev.symbol === symbol && prev.lastTime !== undefined && last.time >= prev.lastTime) {
      s.candles.update(toCandle(last));
      s.volume.update(toVolume(last));
    } else {
      s.candles.setData(bars.map(toCandle));
      s.volume.setData(bars.map(toVolume));
      if (bars.length > 0) s.chart.timeScale().scrollToRealTime();
    }
    shown.current = { symbol, lastTime: last?.time };
  }, [symbol, bars]);

  useEffect(() => {
    series.current?.markers.setMarkers(markers.map(toMarker));
  }, [markers]);

  // Support and resistance move only when a bar closes, so these lines are redrawn with the bars.
  const levels = levelsOf(bars);
  const support = levels?.support;
  const resistance = levels?.resistance;
  const stop = bracket?.stopLoss;
  const target = bracket?.takeProfit;
  useEffect(() => {
    const s = series.current;
    if (s === null) return;
    for (const line of lines.current) s.candles.removePriceLine(line);
    const wanted: [number | undefined, string, string, LineStyle][] = [
      [resistance, 'resistance', '#8b949e', LineStyle.Dotted],
      [support, 'support', '#8b949e', LineStyle.Dotted],
      [stop, 'stop', DOWN, LineStyle.Dashed],
      [target, 'target', UP, LineStyle.Dashed],
    ];
    lines.current = wanted
      .filter((w): w is [number, string, string, LineStyle] => w[0] !== undefined)
      .map(([price, title, color, lineStyle]) => s.candles.createPriceLine({ price, title, color, lineStyle, lineWidth: 1, axisLabelVisible: true }));
  }, [support, resistance, stop, target]);

  return (
    <div className="chart-wrap">
      <CrosshairLegend bar={hovered ?? bars.at(-1)} />
      <div
        className="chart"
        ref={container}
        data-testid="price-chart"
        data-symbol={symbol ?? ''}
        data-bars={bars.length}
        data-last-time={bars.at(-1)?.time ?? ''}
        data-markers={markers.length}
        data-stop={stop ?? ''}
        data-target={target ?? ''}
        data-support={support ?? ''}
        data-resistance={resistance ?? ''}
        aria-label={`${symbol ?? 'No symbol'} price chart`}
      />
    </div>
  );
}

const toTime = (ms: number): UTCTimestamp => Math.floor(ms / 1000) as UTCTimestamp;

function barAt(bars: readonly BarDto[], timeMs: number): BarDto | undefined {
  // Bars are oldest first and the crosshair snaps to a bar's time: binary search by open time.
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const bar = bars[mid];
    if (bar === undefined) return undefined;
    const t = toTime(bar.time) * 1000;
    if (t === timeMs) return bar;
    if (t < timeMs) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function toCandle(bar: BarDto): CandlestickData<UTCTimestamp> {
  return { time: toTime(bar.time), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

function toVolume(bar: BarDto): HistogramData<UTCTimestamp> {
  return { time: toTime(bar.time), value: bar.volume, color: bar.close >= bar.open ? `${UP}66` : `${DOWN}66` };
}

function toMarker(m: BreakoutMarker): SeriesMarker<Time> {
  const up = m.direction === 'UP';
  return {
    time: toTime(m.time),
    position: up ? 'belowBar' : 'aboveBar',
    shape: up ? 'arrowUp' : 'arrowDown',
    color: up ? UP : DOWN,
    text: `${Math.round(m.probability * 100)}%`,
  };
}
