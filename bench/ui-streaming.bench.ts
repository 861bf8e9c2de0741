import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { scriptedBar } from '../core/desk/scripted-feed.js';
import { CHART_BARS } from '../renderer/src/stores/market-store.js';
import { median } from './stats.js';
import {
  CHART_CANVASES, CHROMIUM, FRAME_MONITOR_SCRIPT, launchChromium, busyMeter, ms, paintProbeScript, probeState, ratio, rendererSnapshot,
  startBenchDesk, startFrameMonitor, VIEWPORT, waitForPaint, type BenchDesk, type ProbeState,
} from './ui-harness.js';

const SYMBOLS = 20;
const UPDATES_PER_SECOND = 10;
/** 60 s by default; UI_BENCH_STREAM_S=20 for a quick run. */
const SECONDS = Number(process.env['UI_BENCH_STREAM_S'] ?? 60);
const FRAME_MS = 1000 / 60;
const GOAL_LONGEST_TASK_MS = 50;

interface FrameFigures {
  readonly longestTask: number;
  readonly longTasks: number;
  readonly longestFrame: number;
  readonly longFrames: number;
  readonly longestFrameGap: number;
  readonly medianFrame: number;
  readonly frames: number;
  readonly dropped: number;
  /** Share of wall time the page's main thread was busy, in %. */
  readonly busyPct: number;
  readonly worst: string;
}

function figures(state: ProbeState, busyPct: number): FrameFigures {
  // The first interval spans the monitor's start, not a frame.
  const frames = state.frames.slice(1);
  return {
    longestTask: Math.max(0, ...state.longTasks),
    longTasks: state.longTasks.length,
    longestFrame: Math.max(0, ...state.longFrames),
    longFrames: state.longFrames.length,
    longestFrameGap: Math.max(0, ...frames),
    medianFrame: frames.length > 0 ? median(frames) : Number.NaN,
    frames: frames.length,
    dropped: frames.filter((f) => f > 1.5 * FRAME_MS).length,
    busyPct,
    worst: state.worstFrame === undefined ? 'none' : describeWorst(state.worstFrame),
  };
}

function describeWorst(w: NonNullable<ProbeState['worstFrame']>): string {
  const [tasks, rafAndStyle, layoutPaint] = w.split.map((x) => ms(x));
  const scripts = w.scripts.join('; ') || 'no script over 5 ms';
  return `${ms(w.duration)} at ${(w.at / 1000).toFixed(1)} s (tasks ${tasks}, rAF ${rafAndStyle}, style/layout/paint ${layoutPaint}; blocking ${ms(w.blocking)}): ${scripts}`;
}

const describe = (f: FrameFigures): string =>
  `longest task ${ms(f.longestTask)} (${f.longTasks} over 50 ms), longest animation frame ${ms(f.longestFrame)} (${f.longFrames} over 50 ms), longest rAF gap ${ms(f.longestFrameGap)}, ` +
  `dropped frames ${f.dropped}/${f.frames} (${((100 * f.dropped) / Math.max(1, f.frames)).toFixed(1)}%), median frame ${ms(f.medianFrame)}, main thread busy ${f.busyPct.toFixed(1)}%\n    worst frame ${f.worst}`;

/**
 * Every symbol gets UPDATES_PER_SECOND bar updates a second; each tenth opens a new one-minute candle, the
 * others revise the forming one (as a live tick stream does). Resolves with how many were sent.
 */
function stream(desk: BenchDesk, seconds: number): Promise<number> {
  let sent = 0;
  let tick = 0;
  const closes = desk.symbols.map((_, s) => 100 + s);
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const candle = CHART_BARS + Math.floor(tick / UPDATES_PER_SECOND);
      for (const [s, symbol] of desk.symbols.entries()) {
        closes[s] = Math.max(5, (closes[s] ?? 100) + Math.sin(tick * 0.7 + s) * 0.4);
        desk.feed.emitBar(scriptedBar(symbol, candle, Math.round((closes[s] ?? 100) * 100) / 100));
        sent += 1;
      }
      tick += 1;
      if (tick >= seconds * UPDATES_PER_SECOND) {
        clearInterval(timer);
        resolve(sent);
      }
    }, 1000 / UPDATES_PER_SECOND);
  });
}

async function measure(browser: Browser, url: string, work: () => Promise<unknown>): Promise<{ figures: FrameFigures; liveBars: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(paintProbeScript(CHART_CANVASES) + FRAME_MONITOR_SCRIPT);
  await page.goto(url, { waitUntil: 'load' });
  if (url.includes('#token=')) await waitForPaint(page);
  const meter = await busyMeter(page);
  await startFrameMonitor(page);
  const busy0 = await meter.busyMs();
  const t0 = performance.now();
  await work();
  const busyPct = (100 * ((await meter.busyMs()) - busy0)) / (performance.now() - t0);
  await meter.close();
  const state = await probeState(page);
  const liveText = await page.locator('[data-testid="live-bars"]').textContent({ timeout: 1_000 }).catch(() => null);
  await context.close();
  return { figures: figures(state, busyPct), liveBars: Number(/(\d+)/.exec(liveText ?? '')?.[1] ?? 0) };
}

/**
 * The desk page under a 20-symbol stream (10 updates/s each) for SECONDS: longest main-thread task
 * (PerformanceObserver 'longtask') and rAF gaps / dropped frames (> 1.5 frames). Reference: the same
 * monitor for the same time on an empty page from the same server (the machine's own noise floor).
 */
export async function run(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM)`);
    return;
  }
  const renderer = rendererSnapshot();
  const desk = await startBenchDesk(renderer.dir, SYMBOLS, CHART_BARS);
  const browser = await launchChromium();
  try {
    let sent = 0;
    const streaming = await measure(browser, desk.url, async () => {
      sent = await stream(desk, SECONDS);
    });
    const idle = await measure(browser, desk.blankUrl, () => new Promise((resolve) => setTimeout(resolve, SECONDS * 1000)));
    const s = streaming.figures;
    const i = idle.figures;
    console.log(`${SYMBOLS} symbols x ${UPDATES_PER_SECOND} updates/s for ${SECONDS} s: ${sent} bars sent, ${streaming.liveBars} shown live by the page`);
    console.log(`desk page, streaming: ${describe(s)}`);
    console.log(`reference, empty page: ${describe(i)}`);
    console.log(`ratio: longest rAF gap ${ratio(s.longestFrameGap, i.longestFrameGap)}, dropped frames ${ratio(s.dropped, i.dropped)}`);
    console.log(`goal: no task over ${GOAL_LONGEST_TASK_MS} ms: ${s.longTasks === 0 ? 'met' : `MISSED (${s.longTasks} long tasks, longest ${ms(s.longestTask)})`}`);
  } finally {
    await browser.close();
    await desk.close();
    renderer.remove();
  }
}
