import { useEffect, useRef } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { BarDto } from '../../../core/contract/index.js';

const UP = '#26a69a';
const DOWN = '#ef5350';

interface Series {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
}

export interface PriceChartProps {
  readonly symbol: string | undefined;
  readonly bars: readonly BarDto[];
}

/**
 * Candles with volume underneath. A new bar on the same symbol is an `update` (cheap, keeps the trader's
 * zoom); a new symbol or a gap is a full `setData`.
 */
export function PriceChart({ symbol, bars }: PriceChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const series = useRef<Series | null>(null);
  const shown = useRef<{ symbol: string | undefined; lastTime: number | undefined }>({ symbol: undefined, lastTime: undefined });

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const chart = createChart(el, {
      autoSize: true,
      // The logo injects an inline <style>, which our CSP blocks; the attribution the licence asks for is
      // a text link in the status bar instead.
      layout: { background: { type: ColorType.Solid, color: '#0f1318' }, textColor: '#c9d1d9', attributionLogo: false },
      grid: { vertLines: { color: '#1c232c' }, horzLines: { color: '#1c232c' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a323c' },
      rightPriceScale: { borderColor: '#2a323c' },
    });
    const candles = chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });
    const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume' });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    series.current = { chart, candles, volume };
    return () => {
      series.current = null;
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

  return (
    <div className="chart" ref={container} data-testid="price-chart" data-symbol={symbol ?? ''} data-bars={bars.length} aria-label={`${symbol ?? 'No symbol'} price chart`} />
  );
}

const toTime = (ms: number): UTCTimestamp => Math.floor(ms / 1000) as UTCTimestamp;

function toCandle(bar: BarDto): CandlestickData<UTCTimestamp> {
  return { time: toTime(bar.time), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

function toVolume(bar: BarDto): HistogramData<UTCTimestamp> {
  return { time: toTime(bar.time), value: bar.volume, color: bar.close >= bar.open ? `${UP}66` : `${DOWN}66` };
}
