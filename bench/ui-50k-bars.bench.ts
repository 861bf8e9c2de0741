import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { MAX_BARS_PER_REQUEST } from '../core/contract/requests.js';
import { median } from './stats.js';
import {
  CHART_CANVASES, CHROMIUM, launchChromium, ms, paintProbeScript, ratio, rendererSnapshot, startBenchDesk,
  VIEWPORT, waitForPaint, type BenchDesk,
} from './ui-harness.js';

const BARS = MAX_BARS_PER_REQUEST;
const LOADS = Number(process.env['UI_BENCH_LOADS'] ?? 5);
const GOAL_MS = 300;

/**
 * The reference in the bare page (script text: tsx's name helpers do not exist in the page): from the
 * response text in hand, parse it, give lightweight-charts the candles and volume as the renderer does,
 * and let the paint probe see the first candle. Same chart options, same container size.
 */
const BARE_CHART_SCRIPT = `(() => {
  window.__uiBenchBare = (text, width, height) => {
    const el = document.getElementById('chart');
    el.style.width = width + 'px';
    el.style.height = height + 'px';
    const L = window.LightweightCharts;
    const UP = '#26a69a', DOWN = '#ef5350';
    const chart = L.createChart(el, {
      autoSize: true,
      layout: { background: { type: L.ColorType.Solid, color: '#0f1318' }, textColor: '#c9d1d9', attributionLogo: false },
      grid: { vertLines: { color: '#1c232c' }, horzLines: { color: '#1c232c' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a323c' },
      rightPriceScale: { borderColor: '#2a323c' },
    });
    const candles = chart.addSeries(L.CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
    const volume = chart.addSeries(L.HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume' });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    // Start on the frame after the empty chart is laid out, as the renderer's chart exists before its bars.
    requestAnimationFrame(() => setTimeout(() => {
      window.__uiBench.t0 = performance.now();
      const body = JSON.parse(text);
      const bars = body.value;
      const t = (ms) => Math.floor(ms / 1000);
      candles.setData(bars.map((b) => ({ time: t(b.time), open: b.open, high: b.high, low: b.low, close: b.close })));
      volume.setData(bars.map((b) => ({ time: t(b.time), value: b.volume, color: b.close >= b.open ? UP + '66' : DOWN + '66' })));
      chart.timeScale().scrollToRealTime();
    }, 0));
  };
})();`;

/** One cold load of the desk with its chart asking for BARS bars: received → painted, and navigation → painted. */
async function rendererLoad(browser: Browser, desk: BenchDesk): Promise<{ receivedToPaint: number; navigationToPaint: number; bars: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  // The renderer asks for its usual window of bars; the bench widens that one request to the contract's
  // maximum on its way to the real server, so the renderer code under test is unchanged.
  await page.route(
    (url) => url.pathname === '/api/invoke/market.bars',
    (route) => {
      const params = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      return route.continue({ postData: JSON.stringify({ ...params, limit: BARS }) });
    },
  );
  await page.addInitScript(paintProbeScript(CHART_CANVASES));
  await page.goto(desk.url);
  const { paintedAt } = await waitForPaint(page);
  const received = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/invoke/market.bars'));
    return entry === undefined ? Number.NaN : (entry as PerformanceResourceTiming).responseEnd;
  });
  const bars = Number(await page.locator('[data-testid="price-chart"]').getAttribute('data-bars'));
  await context.close();
  return { receivedToPaint: paintedAt - received, navigationToPaint: paintedAt, bars };
}

async function bareLoad(browser: Browser, desk: BenchDesk, text: string, size: { width: number; height: number }): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(paintProbeScript('#chart canvas') + BARE_CHART_SCRIPT);
  await page.goto(desk.bareChartUrl, { waitUntil: 'load' });
  await page.evaluate(
    ([body, width, height]) => (window as unknown as { __uiBenchBare: (t: string, w: number, h: number) => void }).__uiBenchBare(body, width, height),
    [text, size.width, size.height] as const,
  );
  const { paintedAt } = await waitForPaint(page);
  const t0 = await page.evaluate(() => (window as unknown as { __uiBench: { t0: number } }).__uiBench.t0);
  await context.close();
  return paintedAt - t0;
}

/**
 * A 50,000-bar chart: the real renderer's time from the market.bars reply received (resource timing
 * responseEnd) to the first candle painted, next to lightweight-charts alone in a bare page doing the same
 * work (parse the same reply, setData candles and volume) in a container of the same size.
 */
export async function run(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM)`);
    return;
  }
  const renderer = rendererSnapshot();
  const desk = await startBenchDesk(renderer.dir, 1, BARS);
  const browser = await launchChromium();
  try {
    const [symbol = ''] = desk.symbols;
    const reply = await desk.running.desk.invoke('market.bars', { symbol, limit: BARS });
    if (!reply.ok || reply.value.length !== BARS) throw new Error(`the desk served ${reply.ok ? reply.value.length : reply.error.message} bars, expected ${BARS}`);
    const text = JSON.stringify(reply);

    const sizing = await browser.newPage({ viewport: VIEWPORT });
    await sizing.goto(desk.url);
    const box = await sizing.locator('[data-testid="price-chart"]').boundingBox();
    await sizing.close();
    const size = { width: Math.round(box?.width ?? 900), height: Math.round(box?.height ?? 600) };

    const loads: Awaited<ReturnType<typeof rendererLoad>>[] = [];
    const bare: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      loads.push(await rendererLoad(browser, desk));
      bare.push(await bareLoad(browser, desk, text, size));
    }
    const charted = loads.map((l) => l.bars);
    if (charted.some((n) => n !== BARS)) throw new Error(`the chart was given ${charted.join(', ')} bars, expected ${BARS}`);
    const r = median(loads.map((l) => l.receivedToPaint));
    const b = median(bare);
    console.log(`${BARS.toLocaleString('en-US')} bars (${(text.length / 1e6).toFixed(1)} MB reply), chart ${size.width}x${size.height}, ${LOADS} cold loads each`);
    console.log(`renderer: reply received -> first candle painted: median ${ms(r)} (navigation -> painted ${ms(median(loads.map((l) => l.navigationToPaint)))})`);
    console.log(`reference, lightweight-charts alone (parse + setData candles and volume -> painted): median ${ms(b)}`);
    console.log(`ratio ${ratio(r, b)}; goal <= ${GOAL_MS} ms: ${r <= GOAL_MS ? 'met' : 'MISSED'}`);
  } finally {
    await browser.close();
    await desk.close();
    renderer.remove();
  }
}
