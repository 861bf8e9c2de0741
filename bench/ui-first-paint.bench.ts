import { existsSync } from 'node:fs';
import { CHART_BARS } from '../renderer/src/stores/market-store.js';
import { median } from './stats.js';
import { CHROMIUM, CHART_CANVASES, paintProbeScript, launchChromium, ms, ratio, rendererSnapshot, startBenchDesk, VIEWPORT, waitForPaint } from './ui-harness.js';

const LOADS = Number(process.env['UI_BENCH_LOADS'] ?? 7);
const GOAL_MS = 1_500;

/**
 * Server up → first candle painted, in Chromium against the real renderer and headless server: 20 symbols,
 * the chart's full first screen of history. Each load is a fresh browser context (cold cache, as a trader
 * opening the desk). Reference: an empty HTML page from the same server, loaded the same way.
 */
export async function run(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM)`);
    return;
  }
  const renderer = rendererSnapshot();
  const desk = await startBenchDesk(renderer.dir, 20, CHART_BARS);
  const browser = await launchChromium();
  try {
    const paint: number[] = [];
    const probe: number[] = [];
    const blank: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      // Alternate the two so a noisy neighbour hurts both alike.
      const deskContext = await browser.newContext({ viewport: VIEWPORT });
      const deskPage = await deskContext.newPage();
      await deskPage.addInitScript(paintProbeScript(CHART_CANVASES));
      await deskPage.goto(desk.url);
      const { paintedAt, probeMs } = await waitForPaint(deskPage);
      paint.push(paintedAt);
      probe.push(probeMs);
      await deskContext.close();

      const blankContext = await browser.newContext({ viewport: VIEWPORT });
      const blankPage = await blankContext.newPage();
      await blankPage.goto(desk.blankUrl, { waitUntil: 'load' });
      blank.push(
        await blankPage.evaluate(() => {
          const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
          return nav?.loadEventEnd ?? Number.NaN;
        }),
      );
      await blankContext.close();
    }
    const p = median(paint);
    const b = median(blank);
    console.log(`server start (DB, ${desk.symbols.length}x${CHART_BARS} bars stored, listening): ${ms(desk.startMs)}`);
    console.log(`first candle painted after navigation start: median ${ms(p)} of ${LOADS} cold loads (min ${ms(Math.min(...paint))}, max ${ms(Math.max(...paint))})`);
    console.log(`(the paint probe's longest canvas scan, included above: ${ms(Math.max(...probe))})`);
    console.log(`reference, empty HTML page loaded from the same server: median ${ms(b)}`);
    console.log(`ratio ${ratio(p, b)}; goal <= ${GOAL_MS} ms: ${p <= GOAL_MS ? 'met' : 'MISSED'}`);
  } finally {
    await browser.close();
    await desk.close();
    renderer.remove();
  }
}
