/**
 * Dev script, not a test: renders simulator bars as candles + volume with lightweight-charts in headless
 * Chromium and writes a PNG, so a person can judge whether the simulated market looks like a market.
 *
 *   npx tsx test/visual/render-simulator.ts [--seed 7] [--bars 300] [--interval 1d] [--symbols ACME,CRUX] [--out /tmp/sim]
 *
 * Writes <out>-<symbol>.png per symbol; ranges found by the simulator are shaded so they can be checked.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { MarketSimulator } from '../../core/feeds/simulator/market-simulator.js';
import { isInterval } from '../../core/market/interval.js';
import { ManualClock } from '../../core/time/manual-clock.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    bars: { type: 'string', default: '300' },
    interval: { type: 'string', default: '1d' },
    symbols: { type: 'string', default: 'ACME,CRUX' },
    out: { type: 'string', default: '/tmp/sim' },
  },
});

const interval = values.interval;
if (!isInterval(interval)) throw new Error(`--interval must be one of 1m, 5m, 15m, 1h, 1d; got ${interval}`);
const count = Number(values.bars);
const clock = new ManualClock(Date.UTC(2024, 0, 2));
const simulator = new MarketSimulator({ seed: Number(values.seed), interval, clock, historyBars: count });
// The package's exports map hides dist/, so the standalone build is read by path.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chartLib = readFileSync(join(repoRoot, 'node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--headless'],
});
try {
  for (const symbol of values.symbols.split(',')) {
    const bars = await simulator.history({ symbol, interval });
    const seconds = (ms: number): number => Math.floor(ms / 1000);
    const candles = bars.map((b) => ({ time: seconds(b.time), open: b.open, high: b.high, low: b.low, close: b.close }));
    const volumes = bars.map((b) => ({ time: seconds(b.time), value: b.volume, color: b.close >= b.open ? '#26a69a88' : '#ef535088' }));
    const episodes = simulator.episodes(symbol).map((e) => ({
      start: seconds(e.start), end: seconds(e.end), high: e.rangeHigh, low: e.rangeLow, outcome: e.outcome, breakout: seconds(e.breakout),
    }));
    const news = simulator.recent(symbol, bars[0]?.time ?? clock.now(), clock.now()).map((n) => ({ time: seconds(n.time), sentiment: n.sentiment }));
    const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
    await page.setContent(`<html><body style="margin:0;background:#fff"><div id="c" style="width:1400px;height:700px"></div>
<script>${chartLib}</script><script>
const data = ${JSON.stringify({ symbol, candles, volumes, episodes, news })};
const L = LightweightCharts;
const chart = L.createChart(document.getElementById('c'), { width: 1400, height: 700, layout: { attributionLogo: false },
  watermark: { visible: true, text: data.symbol } });
const candles = chart.addSeries(L.CandlestickSeries, {});
candles.setData(data.candles);
const volume = chart.addSeries(L.HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'vol' });
volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
volume.setData(data.volumes);
for (const e of data.episodes) {
  const color = e.outcome === 'failed' ? '#ff9800' : '#2962ff';
  for (const [price, title] of [[e.high, ''], [e.low, '']]) {
    const line = chart.addSeries(L.LineSeries, { color, lineWidth: 1, lastValueVisible: false, priceLineVisible: false });
    line.setData([{ time: e.start, value: price }, { time: e.end, value: price }]);
  }
}
const barTime = (t) => { let best = data.candles[0].time; for (const c of data.candles) if (c.time <= t) best = c.time; return best; };
const markers = data.news.map((n) => ({ time: barTime(n.time), position: n.sentiment >= 0 ? 'belowBar' : 'aboveBar',
  color: n.sentiment >= 0 ? '#2e7d32' : '#c62828', shape: n.sentiment >= 0 ? 'arrowUp' : 'arrowDown', text: 'N' }));
L.createSeriesMarkers(candles, markers);
chart.timeScale().fitContent();
window.__ready = true;
</script></body></html>`);
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
    const file = `${values.out}-${symbol}.png`;
    await page.screenshot({ path: file });
    await page.close();
    console.log(`wrote ${file}: ${bars.length} bars, ${episodes.length} episodes, ${news.length} news`);
  }
} finally {
  await browser.close();
}
