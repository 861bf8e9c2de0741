import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES } from '../../core/contract/names.js';
import { IPC_INVOKE, IPC_STREAM } from '../../electron/ipc-channels.js';
import { WINDOW_STATE_FILE } from '../../electron/window-state.js';
import { app, BrowserWindow, FakeEvent, ipcMain, Menu, screen, session, shell, utilityProcess, type FakeUtilityProcess } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

// The whole composition root runs here against the fake: whatever main.ts wires up is what gets asserted.
const ELECTRON_DIR = path.resolve(import.meta.dirname, '../../electron');
const PAGE_URL = pathToFileURL(path.join(ELECTRON_DIR, '../renderer/index.html')).href;
const OUR_PRELOAD = path.join(ELECTRON_DIR, '../preload/preload.cjs');
const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

let dir: string;
let engine: FakeUtilityProcess;
const savedEnv = { db: process.env['DESK_DB'], renderer: process.env['ELECTRON_RENDERER_URL'] };

function restoreEnv(key: 'DESK_DB' | 'ELECTRON_RENDERER_URL', value: string | undefined): void {
  if (value !== undefined) process.env[key] = value;
  else if (key === 'DESK_DB') delete process.env['DESK_DB'];
  else delete process.env['ELECTRON_RENDERER_URL'];
}

function firstWindow(): BrowserWindow {
  const [window] = BrowserWindow.all;
  if (window === undefined) throw new Error('main.ts opened no window');
  return window;
}

function invokeHandler(): (event: unknown, ...args: unknown[]) => unknown {
  const handler = ipcMain.handlers.get(IPC_INVOKE);
  if (handler === undefined) throw new Error(`no handler on ${IPC_INVOKE}`);
  return handler;
}

function invokesPosted(): unknown[] {
  return engine.posted.filter((m) => (m as { type: string }).type === 'invoke');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-shell-'));
  process.env['DESK_DB'] = path.join(dir, 'desk.db');
  delete process.env['ELECTRON_RENDERER_URL'];
  app.userData = path.join(dir, 'user-data');
  await import('../../electron/main.js');
  await vi.waitFor(() => expect(BrowserWindow.all).toHaveLength(1));
  const [child] = utilityProcess.forked;
  if (child === undefined) throw new Error('main.ts forked no engine');
  engine = child;
});

afterAll(() => {
  restoreEnv('DESK_DB', savedEnv.db);
  restoreEnv('ELECTRON_RENDERER_URL', savedEnv.renderer);
  rmSync(dir, { recursive: true, force: true });
});

describe('the Electron shell, composed by main.ts (fake electron module)', () => {
  it('forks the engine with the database from DESK_DB and installs a menu', () => {
    expect(utilityProcess.forked).toHaveLength(1);
    expect(engine.modulePath).toBe(path.join(ELECTRON_DIR, 'engine.js'));
    expect(engine.args).toEqual(['--db', path.join(dir, 'desk.db'), '--seed', '1', '--speed', '10']);
    expect(Menu.applied).toHaveLength(1);
  });

  it('opens the desk page in a window with every security preference locked and only our preload', () => {
    const window = firstWindow();
    expect(window.loadedUrls).toEqual([PAGE_URL]);
    expect(window.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      preload: OUR_PRELOAD,
    });
  });

  it('denies window.open, handing only https links to the system browser', () => {
    const handler = firstWindow().webContents.windowOpenHandler;
    if (handler === undefined) throw new Error('no window-open handler installed');
    expect(handler({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: PAGE_URL })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://example.com/docs']);
  });

  it('prevents navigation and redirects off the desk page, and allows the desk page itself', () => {
    const contents = firstWindow().webContents;
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///home/trader/evil.html')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://localhost:5173/')).toBe(true);
    expect(contents.navigate('will-navigate', `${PAGE_URL}#chart`)).toBe(false);
    const attach = new FakeEvent();
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const { permissionRequestHandler, permissionCheckHandler } = session.defaultSession;
    if (permissionRequestHandler === undefined || permissionCheckHandler === undefined) throw new Error('permission handlers not installed');
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const answers: boolean[] = [];
      permissionRequestHandler(firstWindow().webContents, permission, (granted) => answers.push(granted), {});
      expect(answers).toEqual([false]);
      expect(permissionCheckHandler(firstWindow().webContents, permission, PAGE_URL, {})).toBe(false);
    }
  });

  it('puts the exact renderer CSP on every response, replacing a weaker one and keeping other headers', () => {
    const listener = session.defaultSession.headersListener;
    if (listener === undefined) throw new Error('no onHeadersReceived listener');
    const answers: { responseHeaders?: Record<string, string[]> }[] = [];
    listener(
      { url: PAGE_URL, responseHeaders: { 'X-Other': ['kept'], 'Content-Security-Policy': ["script-src 'unsafe-inline' 'unsafe-eval'"] } },
      (response) => answers.push(response),
    );
    expect(answers).toHaveLength(1);
    const headers = answers[0]?.responseHeaders ?? {};
    expect(headers['X-Other']).toEqual(['kept']);
    expect(headers['Content-Security-Policy']).toEqual([EXPECTED_CSP]);
    const csp = EXPECTED_CSP;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
  });

  it('refuses IPC from a frame that is not the desk page, without calling the engine', async () => {
    const handler = invokeHandler();
    const before = invokesPosted().length;
    const foreign = await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'desk.status', {});
    const subFrame = await handler({ senderFrame: { url: PAGE_URL, parent: {} } }, 'desk.status', {});
    const noFrame = await handler({ senderFrame: null }, 'desk.status', {});
    for (const response of [foreign, subFrame, noFrame]) expect(response).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(invokesPosted()).toHaveLength(before);
  });

  it('refuses an unknown request and invalid params with typed errors, without calling the engine', async () => {
    const handler = invokeHandler();
    const ours = { senderFrame: { url: PAGE_URL, parent: null } };
    const before = invokesPosted().length;
    expect(await handler(ours, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    expect(await handler(ours, 'market.bars', { symbol: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params', issues: [expect.objectContaining({ path: 'symbol' })] },
    });
    expect(await handler(ours, 'desk.status', { extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(invokesPosted()).toHaveLength(before);
  });

  it('forwards a valid request from the desk page to the engine and returns its answer', async () => {
    expect(REQUEST_NAMES).toContain('desk.status');
    const response = await invokeHandler()({ senderFrame: { url: PAGE_URL, parent: null } }, 'desk.status', {});
    expect(response).toEqual({ ok: true, value: { name: 'desk.status', params: {} } });
    expect(invokesPosted().at(-1)).toMatchObject({ type: 'invoke', name: 'desk.status', params: {} });
  });

  it('forwards engine stream events to the open window', () => {
    const contents = firstWindow().webContents;
    engine.emit('message', { type: 'stream', message: { stream: 'status', payload: { n: 1 } } });
    expect(contents.sent.at(-1)).toEqual({ channel: IPC_STREAM, args: [{ stream: 'status', payload: { n: 1 } }] });
  });

  it('saves the window state on close and reopens a secure window at it on activate', () => {
    const window = firstWindow();
    window.setBounds({ x: 40, y: 30, width: 1000, height: 700 });
    window.close();
    const file = path.join(app.userData, WINDOW_STATE_FILE);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: false });
    screen.workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    app.emit('activate');
    expect(BrowserWindow.all).toHaveLength(2);
    const reopened = BrowserWindow.all[1];
    expect(reopened?.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
    expect(reopened?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, preload: OUR_PRELOAD });
  });

  it('relays the keychain keys to the engine at start and after each change, never as an invoke', async () => {
    const relayed = (): unknown[] => engine.posted.filter((m) => (m as { type: string }).type === 'credentials');
    expect(relayed()[0]).toEqual({ type: 'credentials', keys: { paper: null, live: null } });
    const ours = { senderFrame: { url: PAGE_URL, parent: null } };
    const before = invokesPosted().length;
    const stored = await invokeHandler()(ours, 'broker.credentials.set', { account: 'paper', keyId: 'PKSHELLTEST1', secretKey: 'shell-secret-0123456789' });
    expect(stored).toMatchObject({ ok: true, value: { paper: { set: true, keyIdLast4: 'EST1' } } });
    expect(relayed().at(-1)).toEqual({ type: 'credentials', keys: { paper: { keyId: 'PKSHELLTEST1', secretKey: 'shell-secret-0123456789' }, live: null } });
    await invokeHandler()(ours, 'broker.credentials.clear', { account: 'paper' });
    expect(relayed().at(-1)).toEqual({ type: 'credentials', keys: { paper: null, live: null } });
    // The keys went on their own message only: no request the engine answers carried them.
    expect(JSON.stringify(invokesPosted().slice(before))).not.toContain('shell-secret');
  });

  it('holds the quit until the engine has stopped, then quits', async () => {
    const event = new FakeEvent();
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    expect(engine.posted.at(-1)).toEqual({ type: 'stop' });
    await vi.waitFor(() => expect(app.quitCalls).toBe(1));
  });
});
