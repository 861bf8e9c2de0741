#!/usr/bin/env node
// `npm start`: the desktop window where Electron's binary is installed, else headless mode in a browser.
// Plain JS so it runs before anything is built; the desk itself is TypeScript, loaded through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = path.join(root, 'out', 'renderer');

function integer(min, max) {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

function positive(value) {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const options = new Command('start')
  .description('Start Breakout Desk on the built-in market simulator')
  .option('--db <file>', 'SQLite database file (default: DESK_DB, else desk.db in the user data folder)')
  .option('--port <n>', 'headless server port on 127.0.0.1 (0 = any free port)', integer(0, 65535), 0)
  .option('--seed <n>', 'simulator seed (same seed, same market)', integer(0, 2 ** 31 - 1), 1)
  .option('--speed <x>', 'simulator speed: simulated time per real time', positive, 10)
  .option('--headless', 'serve the desk to a browser even if Electron is installed')
  .option('--alpaca <symbols>', "headless: start on Alpaca's live minute bars and news for these comma-separated symbols, keys from DESK_ALPACA_PAPER_KEY_ID/SECRET_KEY (or _LIVE_ with --alpaca-account live); the desktop app picks this in Settings → Feed")
  .option('--alpaca-account <account>', 'with --alpaca: whose keys read the data, paper or live', 'paper')
  .showHelpAfterError()
  .parse(process.argv)
  .opts();

/** Electron's own check, without requiring the package (which would try to download the binary). */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when an output is missing or older than the sources it is made from. */
function buildIfNeeded() {
  const outputs = ['out/main/main.js', 'out/main/engine.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].map((p) => path.join(root, p));
  const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
  const sources = Math.max(...['renderer', 'electron', 'core'].map((d) => newestMtime(path.join(root, d))));
  if (built >= sources) return;
  console.log('Building the desk (electron-vite build)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    console.error('The build failed (see above). Run "npm run build" to see the full output.');
    process.exit(1);
  }
}

function launchElectron(binary) {
  if (options.alpaca !== undefined) console.warn('--alpaca applies to headless mode; in the desktop app choose the Alpaca feed in Settings → Feed (keys in Settings → Broker).');
  const args = ['.', ...(options.db === undefined ? [] : ['--db', options.db]), '--seed', String(options.seed), '--speed', String(options.speed)];
  const child = spawn(binary, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function runHeadless(reason) {
  const { register } = await import('tsx/esm/api');
  register();
  const { startHeadlessDesk, expectedStartError } = await import('../core/cli/start-headless.ts');
  const { SystemClock } = await import('../core/time/system-clock.ts');
  let started;
  try {
    started = await startHeadlessDesk({ ...options, rendererDir, reason, clock: new SystemClock() });
  } catch (error) {
    const expected = expectedStartError(error, options.port);
    if (expected === undefined) throw error;
    console.error(`Breakout Desk could not start: ${expected}`);
    process.exit(1);
  }
  console.log(started.lines.join('\n'));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping: closing the server, the feed and the database…');
    started.running.close().then(
      () => process.exit(0),
      (error) => {
        console.error(`Shutdown was not clean: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * `npm install` builds better-sqlite3 for this Node (the tests need that). Electron's engine process has another
 * ABI and cannot load that build; if it loads here, it is the Node build. `npm run electron:rebuild` makes the
 * Electron build, which then fails to load here (and the tests ask for `npm rebuild better-sqlite3`).
 */
async function sqliteBuiltForNode() {
  try {
    const { default: Database } = await import('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

buildIfNeeded();
const binary = electronBinary();
if (binary === undefined) await runHeadless('no-electron');
else if (options.headless === true) await runHeadless('asked');
else if (await sqliteBuiltForNode()) await runHeadless('sqlite-built-for-node');
else launchElectron(binary);
