import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { EnvCredentialVault } from '../../../core/desk/credential-vault.js';
import { startHeadless, type HeadlessDesk } from '../../../core/server/headless.js';
import { ManualClock } from '../../../core/time/manual-clock.js';
import { REPLICA_PAPER_ENV, startAlpacaReplica, type AlpacaReplica } from '../../support/alpaca-replica/alpaca-replica.js';
import { calmTruthBar } from '../../support/alpaca-replica/bar-truth.js';
import type { ReplicaPart } from '../../support/alpaca-replica/replica-server.js';
import { DeskPage } from '../page-models/desk-page.js';
import { FeedSettingsPanel } from '../page-models/feed-settings-panel.js';
import { launchDeskBrowser } from './desk-browser.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');

/** A Saturday on a manual clock: outside market hours, so the only holds are the ones a test causes. */
export const T0 = Date.UTC(2024, 2, 2, 14, 30);
export const MINUTE = 60_000;
/** Calm minute bars each symbol has at the replica before the desk starts; the desk's clock is at their end. */
export const HISTORY = 120;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The page is served from out/renderer, as `npm start` does: rebuilt when the renderer or contract changed since. */
function ensureRendererBuilt(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built >= Math.max(newestMtime(path.join(ROOT, 'renderer')), newestMtime(path.join(ROOT, 'core', 'contract')))) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  if (result.status !== 0) throw new Error('electron-vite build failed: run "npm run build" to see why');
}

export interface AlpacaDeskOptions {
  /** Prefix of the temp dir holding the desk's database. */
  readonly tmpPrefix: string;
  /** Each gets HISTORY calm bars at the replica. Not the simulator's names: its bars of the same names would share the chart. */
  readonly symbols: readonly string[];
  /** The replica parts a test drives (news stream, trading API), served beside the market-data ones. */
  readonly extraParts?: readonly ReplicaPart[];
}

/** A loopback Alpaca replica, an in-process headless desk holding its paper keys, and Chromium showing that desk. */
export interface AlpacaDeskFixture {
  readonly replica: AlpacaReplica;
  readonly running: HeadlessDesk;
  readonly browser: Browser;
  readonly page: DeskPage;
  readonly feed: FeedSettingsPanel;
  readonly pageErrors: string[];
  /** Closes the browser, the desk and the replica, and removes the temp dir. */
  close(): Promise<void>;
}

/**
 * Starts everything an Alpaca e2e test needs, with the page already open on the desk (still on the simulator).
 * If a step fails, what was started is closed before the error is rethrown, so a failed beforeAll leaks nothing.
 */
export async function startAlpacaDesk(options: AlpacaDeskOptions): Promise<AlpacaDeskFixture> {
  ensureRendererBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix));
  let replica: AlpacaReplica | undefined;
  let running: HeadlessDesk | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await running?.close();
    await replica?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    replica = await startAlpacaReplica({ extraParts: options.extraParts ?? [] });
    for (const s of options.symbols) for (let i = 0; i < HISTORY; i++) replica.truth.put(calmTruthBar(s, T0, i));
    running = await startHeadless({
      dbFile: path.join(dir, 'desk.db'), port: 0, seed: 7, speed: 60, clock: new ManualClock(T0 + HISTORY * MINUTE), rendererDir: RENDERER_DIR,
      credentials: new EnvCredentialVault(REPLICA_PAPER_ENV),
      alpacaEndpoints: replica.endpoints,
    });
    const launched = await launchDeskBrowser();
    browser = launched.browser;
    const page = new DeskPage(launched.page);
    const feed = new FeedSettingsPanel(launched.page);
    await page.open(running.server.url);
    return { replica, running, browser, page, feed, pageErrors: launched.pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
