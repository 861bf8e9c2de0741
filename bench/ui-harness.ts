import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ScriptedFeed, scriptedBar } from '../core/desk/scripted-feed.js';
import type { Bar } from '../core/market/bar.js';
import { epochMs } from '../core/market/units.js';
import { startHeadless, type HeadlessDesk } from '../core/server/headless.js';
import { SystemClock } from '../core/time/system-clock.js';

/** Shared set-up of the ui-*.bench.ts files: the real built renderer, served by the real headless server. */

const root = path.resolve(import.meta.dirname, '..');
export const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
export const BLANK_PAGE = 'ui-bench-blank.html';
/** lightweight-charts alone in a page (its standalone build), for the chart-library reference. */
export const BARE_CHART_PAGE = 'ui-bench-bare-chart.html';
export const LIGHTWEIGHT_CHARTS_JS = path.join(root, 'node_modules', 'lightweight-charts', 'dist', 'lightweight-charts.standalone.production.js');
/** The e2e test's viewport, so the chart has the size a trader's window gives it. */
export const VIEWPORT = { width: 1280, height: 720 };

/**
 * A private copy of the built renderer plus an empty HTML page (the floor a page load cannot beat). A copy,
 * because other engineers rebuild out/renderer while a bench runs.
 */
export function rendererSnapshot(): { dir: string; remove: () => void } {
  const built = path.join(root, 'out', 'renderer');
  if (!existsSync(path.join(built, 'index.html'))) {
    console.log('out/renderer is missing: building it (npm run build)…');
    const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error('npm run build failed; run it by hand to see why');
  }
  const sources = newestMtime(path.join(root, 'renderer'));
  if (sources > statSync(path.join(built, 'index.html')).mtimeMs) {
    // Not rebuilt here: other engineers build out/ too, and a bench should not race them.
    console.log('note: renderer/ has changes newer than out/renderer; these figures are for the last build (npm run build to refresh)');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ui-bench-renderer-'));
  cpSync(built, dir, { recursive: true });
  writeFileSync(path.join(dir, BLANK_PAGE), '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>');
  // Served from the same origin, so the server's CSP (script-src 'self') allows it as it allows the renderer.
  cpSync(LIGHTWEIGHT_CHARTS_JS, path.join(dir, 'ui-bench-lightweight-charts.js'));
  writeFileSync(
    path.join(dir, BARE_CHART_PAGE),
    '<!doctype html><html><head><meta charset="utf-8"><title>bare chart</title><script src="ui-bench-lightweight-charts.js"></script></head>' +
      '<body style="margin:0"><div id="chart"></div></body></html>',
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** `count` symbols named S01, S02, … each with `historyBars` one-minute candles (a gentle random walk). */
export function syntheticHistory(count: number, historyBars: number): { symbols: string[]; bars: Bar[] } {
  const symbols = Array.from({ length: count }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
  const bars: Bar[] = [];
  for (const [s, symbol] of symbols.entries()) {
    let close = 100 + s;
    for (let i = 0; i < historyBars; i++) {
      // Deterministic wiggle: the same chart every run, with up and down candles.
      close = Math.max(5, close + Math.sin(i * 0.37 + s) * 0.8 + Math.cos(i * 0.011) * 0.3);
      bars.push(scriptedBar(symbol, i, Math.round(close * 100) / 100));
    }
  }
  return { symbols, bars };
}

export interface BenchDesk {
  readonly running: HeadlessDesk;
  readonly feed: ScriptedFeed;
  readonly symbols: readonly string[];
  /** The address the desk prints, with the `#token=` a trader opens. */
  readonly url: string;
  /** Same server, the empty page. */
  readonly blankUrl: string;
  /** Same server, lightweight-charts alone. */
  readonly bareChartUrl: string;
  /** Time `startHeadless` took: database, history storage and the listening server. */
  readonly startMs: number;
  close(): Promise<void>;
}

/** Starts the headless desk in-process on a temp database, fed by a scripted feed the bench drives. */
export async function startBenchDesk(rendererDir: string, symbolCount: number, historyBars: number): Promise<BenchDesk> {
  const { symbols, bars } = syntheticHistory(symbolCount, historyBars);
  const feed = new ScriptedFeed(bars);
  const dbDir = mkdtempSync(path.join(os.tmpdir(), 'ui-bench-db-'));
  const t0 = performance.now();
  const running = await startHeadless({
    dbFile: path.join(dbDir, 'desk.db'),
    port: 0,
    seed: 1,
    clock: new SystemClock(),
    rendererDir,
    createFeed: () => ({ feed, symbols, interval: '1m', historyBars }),
  });
  const startMs = performance.now() - t0;
  feed.setStatus({ state: 'connected', at: epochMs(Date.now()) });
  const { origin } = new URL(running.server.url);
  return {
    running, feed, symbols, startMs,
    url: running.server.url,
    blankUrl: `${origin}/${BLANK_PAGE}`,
    bareChartUrl: `${origin}/${BARE_CHART_PAGE}`,
    close: async () => {
      await running.close();
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--headless'],
  });
}

/** What the in-page probes leave on `window.__uiBench`. */
export interface ProbeState {
  /** performance.now() (ms since navigation start) when a candle colour first showed on a chart canvas. */
  paintedAt: number | undefined;
  /** The probe's own longest canvas scan: its cost to the page it measures. */
  probeMs: number;
  frames: number[];
  longTasks: number[];
  /** Durations of animation frames over 50 ms (PerformanceObserver 'long-animation-frame'). */
  longFrames: number[];
  /** The longest animation frame with the scripts that ran in it. */
  worstFrame?: { duration: number; blocking: number; scripts: string[]; at: number; split: [number, number, number] } | undefined;
}

/**
 * Main-thread busy time of the page (Chromium's own TaskDuration metric, ms) read over CDP: the share of
 * wall time the renderer thread spent working, which long-task counts alone do not show. Open it before
 * measuring: enabling the metrics is itself a long task in the page.
 */
export async function busyMeter(page: Page): Promise<{ busyMs: () => Promise<number>; close: () => Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    busyMs: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN);
    },
    close: () => cdp.detach(),
  };
}

/**
 * In-page paint probe, as script text because tsx's name helpers do not exist in the page. After every
 * frame's rAF callbacks it scans the chart's canvases for a candle's up or down colour and records the time
 * of the first frame that has one. A canvas scan, not an attribute the chart sets, so the renderer needs no
 * test hook and the bare reference page is probed the same way.
 */
export function paintProbeScript(selector: string): string {
  return `(() => {
    const state = { paintedAt: undefined, probeMs: 0, frames: [], longTasks: [], longFrames: [] };
    window.__uiBench = state;
    // lightweight-charts' #26a69a up and #ef5350 down candles, drawn opaque at whole pixels: compared as
    // packed RGBA words (little-endian), since a per-channel scan of every canvas cost ~50 ms a frame and
    // delayed the very paint it measures.
    const up = 0xff9aa626, down = 0xff5053ef;
    const painted = () => {
      for (const canvas of document.querySelectorAll(${JSON.stringify(selector)})) {
        // Axis canvases are thin strips; candles are only ever in a pane.
        if (canvas.width < 100 || canvas.height < 100) continue;
        const ctx = canvas.getContext('2d');
        if (ctx === null) continue;
        const words = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
        for (let i = 0; i < words.length; i++) if (words[i] === up || words[i] === down) return true;
      }
      return false;
    };
    // A message posted from rAF runs after every rAF callback of that frame, so the chart's own draw is in.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const start = performance.now();
      const found = painted();
      state.probeMs = Math.max(state.probeMs, performance.now() - start);
      if (found) state.paintedAt = performance.now();
      else requestAnimationFrame(() => channel.port2.postMessage(0));
    };
    requestAnimationFrame(() => channel.port2.postMessage(0));
  })();`;
}

/**
 * Defines `window.__uiBenchStartFrames()`, which starts recording every rAF interval and every long task.
 * Part of the init script because the renderer's CSP refuses inline and eval'd scripts added later.
 */
export const FRAME_MONITOR_SCRIPT = `(() => {
  window.__uiBenchStartFrames = () => {
    const state = window.__uiBench;
    state.frames = [];
    state.longTasks = [];
    state.longFrames = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    // Long animation frames also count the style, layout and paint work a 'longtask' entry leaves out.
    state.worstFrame = undefined;
    const started = performance.now();
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        state.longFrames.push(entry.duration);
        if (state.worstFrame === undefined || entry.duration > state.worstFrame.duration) {
          // Which scripts ran in the worst frame: the lead when a goal is missed.
          const scripts = entry.scripts.map((s) => s.invokerType + ' ' + s.invoker.slice(0, 40) + ' ' + Math.round(s.duration) + ' ms');
          const end = entry.startTime + entry.duration;
          state.worstFrame = {
            duration: entry.duration,
            blocking: entry.blockingDuration,
            scripts,
            at: entry.startTime - started,
            // Where the frame's time went: before rendering (tasks), style and layout, then paint.
            split: [entry.renderStart > 0 ? entry.renderStart - entry.startTime : entry.duration,
              entry.styleAndLayoutStart > 0 && entry.renderStart > 0 ? entry.styleAndLayoutStart - entry.renderStart : 0,
              entry.styleAndLayoutStart > 0 ? end - entry.styleAndLayoutStart : 0],
          };
        }
      }
    }).observe({ type: 'long-animation-frame' });
    let last = performance.now();
    const tick = (now) => {
      state.frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
})();`;

export async function startFrameMonitor(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __uiBenchStartFrames: () => void }).__uiBenchStartFrames());
}

export function probeState(page: Page): Promise<ProbeState> {
  return page.evaluate(() => (window as unknown as { __uiBench: ProbeState }).__uiBench);
}

/** Polls (never sleeps blindly) until the page's probe saw a candle; returns its time and the probe's cost. */
export async function waitForPaint(page: Page, timeoutMs = 30_000): Promise<{ paintedAt: number; probeMs: number }> {
  // Functions, not strings: the renderer's CSP forbids eval, and these have no inner helpers for tsx to name.
  await page.waitForFunction(() => (window as unknown as { __uiBench?: ProbeState }).__uiBench?.paintedAt !== undefined, undefined, {
    timeout: timeoutMs,
    polling: 50,
  });
  const { paintedAt, probeMs } = await probeState(page);
  if (paintedAt === undefined) throw new Error('paint probe reported no time');
  return { paintedAt, probeMs };
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const ratio = (value: number, reference: number): string => (reference > 0 ? `${(value / reference).toFixed(2)}x` : 'n/a');

/** The renderer's chart canvases (lightweight-charts draws into several inside the container). */
export const CHART_CANVASES = '[data-testid="price-chart"] canvas';
