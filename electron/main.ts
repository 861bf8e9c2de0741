import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session, utilityProcess } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveDbPath } from '../core/storage/db-path.js';
import { SystemClock } from '../core/time/system-clock.js';
import { installMenu } from './app-menu.js';
import { withBrokerAccount } from './broker-account-ipc.js';
import { CREDENTIALS_FILE, KeychainCredentialVault } from './credential-store.js';
import { keysOf, relayingVault, type RelayedKeys } from './engine-credentials.js';
import { engineArgv, type ToEngine } from './engine-messages.js';
import { connectEngine, type EngineClient } from './engine-process.js';
import { bindDeskIpc } from './ipc-binding.js';
import { createMainWindow } from './main-window.js';
import { lockDownSession } from './session-security.js';
import { loadWindowState, trackWindowState, WINDOW_STATE_FILE } from './window-state.js';

// Composition root: wires the engine process, IPC and the window together; the logic lives in the modules.
const here = import.meta.dirname;
const DEFAULT_SEED = 1;
const DEFAULT_SPEED = 10;

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function pageUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  return !app.isPackaged && dev !== undefined ? dev : pathToFileURL(path.join(here, '../renderer/index.html')).href;
}

async function start(): Promise<void> {
  lockDownSession(session.defaultSession);
  installMenu(process.platform === 'darwin', !app.isPackaged);
  const dbFile = resolveDbPath({ flag: flag('--db'), env: process.env });
  // Broker keys and live arming are answered here, in the main process, on the OS keychain.
  const keychain = new KeychainCredentialVault(safeStorage, path.join(app.getPath('userData'), CREDENTIALS_FILE));
  const child = utilityProcess.fork(path.join(here, 'engine.js'), engineArgv({
    dbFile,
    seed: Number(flag('--seed') ?? DEFAULT_SEED),
    speed: Number(flag('--speed') ?? DEFAULT_SPEED),
  }), { serviceName: 'Breakout Desk engine' });
  // The engine's Alpaca feed and news read these; relayed again whenever the trader stores or clears keys.
  const relay = (keys: RelayedKeys): void => child.postMessage({ type: 'credentials', keys } satisfies ToEngine);
  relay(keysOf(keychain));
  const vault = relayingVault(keychain, relay);
  const { client } = await connectEngine(child);
  const url = pageUrl();
  // Live arming lives here for this session only and reaches the engine over the same port as the keys.
  const account = withBrokerAccount(client, vault, new SystemClock(), (armed) => child.postMessage({ type: 'arming', armed } satisfies ToEngine));
  // An engine that stopped takes its session with it: whatever runs next starts disarmed, and so does this side.
  child.on('exit', () => void account.client.invoke('broker.live.disarm', {}));
  const attach = bindDeskIpc(ipcMain, account.client, url);
  const stateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE);
  const openWindow = (): void => {
    const { state, reset } = loadWindowState(stateFile, screen.getAllDisplays().map((display) => display.workArea));
    if (reset !== undefined) console.warn(`Breakout Desk: window opened at the default size: ${reset}.`);
    const window = createMainWindow(path.join(here, '../preload/preload.cjs'), url, state);
    trackWindowState(window, stateFile, (message) => console.warn(`Breakout Desk: ${message}.`));
    const detach = attach(window.webContents);
    window.on('closed', () => {
      detach();
      // Closing the window ends the trader's session: live trading must be armed again in the next one.
      void account.client.invoke('broker.live.disarm', {});
    });
  };
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  stopEngineOnQuit(client);
}

function stopEngineOnQuit(engine: EngineClient): void {
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    // Hold the quit until the engine has closed SQLite cleanly.
    event.preventDefault();
    stopping = true;
    void engine.stop().then(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window !== undefined) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start).catch((error: unknown) => {
    // Expected failures (a database from a newer build, a folder that is not writable) arrive here with a
    // readable message from core; show it, since a desktop user never sees the terminal.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Breakout Desk could not start: ${message}`);
    dialog.showErrorBox('Breakout Desk could not start', message);
    app.exit(1);
  });
}
