import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_STATE_FILE } from '../../electron/window-state.js';

const root = path.resolve(import.meta.dirname, '../..');
const BUILT = ['out/main/main.js', 'out/main/engine.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].map((p) => path.join(root, p));

/** Electron's own lookup (node_modules/electron/path.txt → dist/<binary>), without requiring the package. */
function electronBinary(): { binary: string } | { missing: string } {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { missing: `${path.relative(root, pathFile)} does not exist (run npm run electron:install)` };
  const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { missing: `the Electron binary ${binary} named by path.txt does not exist (run npm run electron:install)` };
}

/** The environment minus ELECTRON_RENDERER_URL, so main.ts loads the built page rather than a dev server. */
function withoutDevServer(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (key !== 'ELECTRON_RENDERER_URL' && value !== undefined) kept[key] = value;
  return kept;
}

/**
 * better-sqlite3 is built for Node by `npm install` (the tests need that build) and rebuilt for Electron's
 * ABI only when packaging, so the engine can only open SQLite in Electron after an electron-rebuild.
 */
function sqliteLoadsInElectron(binary: string): string | undefined {
  const probe = spawnSync(binary, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return probe.status === 0
    ? undefined
    : `better-sqlite3 does not load in Electron (built for Node's ABI; npx electron-rebuild -w better-sqlite3, then npm rebuild better-sqlite3 to get the Node build back): ${probe.stderr.split('\n')[0] ?? ''}`;
}

const found = electronBinary();
const skipReason = 'missing' in found ? found.missing : sqliteLoadsInElectron(found.binary);
if (skipReason !== undefined) console.warn(`electron-e2e skipped: ${skipReason}.`);

const suite = skipReason === undefined ? describe : describe.skip;
const title = skipReason === undefined ? 'the packaged-layout desk in Electron' : `the desk in Electron (skipped: ${skipReason})`;

suite(title, () => {
  let dir: string;
  let userData: string;
  let dbFile: string;
  let electronApp: ElectronApplication;
  let page: Page;
  let closed = false;

  beforeAll(async () => {
    if (!('binary' in found)) throw new Error('unreachable: suite runs only with the binary');
    if (!BUILT.every((p) => existsSync(p))) {
      // The shell runs the built bundles (as a packaged app does), so build them once if absent.
      const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-electron-e2e-'));
    userData = path.join(dir, 'user-data');
    dbFile = path.join(dir, 'desk.db');
    electronApp = await _electron.launch({
      executablePath: found.binary,
      // --user-data-dir keeps the test's window state and caches out of the developer's own profile.
      // Chromium refuses to run as root without --no-sandbox (a CI container); the renderer sandbox
      // preference is still asserted below.
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        `--user-data-dir=${userData}`,
        path.join(root, 'out', 'main', 'main.js'),
        '--db',
        dbFile,
        '--seed',
        '7',
        '--speed',
        '600',
      ],
      cwd: root,
      env: withoutDevServer(process.env),
      timeout: 60_000,
    });
    page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    if (!closed) await electronApp?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the built desk page, with window.desk and no Node in the page', async () => {
    expect(new URL(page.url()).protocol).toBe('file:');
    expect(page.url().endsWith('/out/renderer/index.html')).toBe(true);
    const globals = await page.evaluate(() => ({
      desk: Object.keys((window as unknown as { desk: object }).desk).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ desk: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
  });

  it('opens one window and registers no session-wide preload beside the window\'s own', async () => {
    // webPreferences themselves are not readable back at runtime; main-shell.test.ts asserts them on the
    // options main.ts passes, and the page test above shows their effect (no Node in the page).
    const shell = await electronApp.evaluate(({ BrowserWindow, session }) => ({
      windows: BrowserWindow.getAllWindows().length,
      sessionPreloads: session.defaultSession.getPreloadScripts().length,
    }));
    expect(shell).toEqual({ windows: 1, sessionPreloads: 0 });
  });

  it('answers desk.status over IPC from the engine process, on the database it was given', async () => {
    const status = await page.evaluate(() =>
      (window as unknown as { desk: { invoke(n: string, p: object): Promise<{ ok: boolean; value: { db: { file: string } } }> } }).desk.invoke('desk.status', {}),
    );
    expect(status.ok).toBe(true);
    expect(status.value.db.file).toBe(dbFile);
  });

  it('refuses window.open and eval in the page', async () => {
    const result = await page.evaluate(() => {
      const opened = window.open('https://example.com/');
      let evalResult = 'ran';
      try {
        eval('1'); // probing that the CSP forbids eval
      } catch (error) {
        evalResult = error instanceof Error ? error.name : String(error);
      }
      return { opened: opened === null, evalResult };
    });
    expect(result).toEqual({ opened: true, evalResult: 'EvalError' });
  });

  it('saves the window state when the app quits', async () => {
    closed = true;
    await electronApp.close();
    const saved = JSON.parse(readFileSync(path.join(userData, WINDOW_STATE_FILE), 'utf8')) as { version: number; maximized: boolean };
    expect(saved).toMatchObject({ version: 1, maximized: false });
  });
});
