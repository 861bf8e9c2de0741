import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIVE_ARM_PHRASE } from '../../core/contract/requests/broker-requests.js';
import { IPC_INVOKE } from '../../electron/ipc-channels.js';
import { app, BrowserWindow, ipcMain, utilityProcess, type FakeUtilityProcess } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

// main.ts composed against the fake electron module: what it posts to the engine is what the engine would act on.
const PAGE_URL = pathToFileURL(path.join(path.resolve(import.meta.dirname, '../../electron'), '../renderer/index.html')).href;
const FROM_PAGE = { senderFrame: { url: PAGE_URL, parent: null } };
const savedDb = process.env['DESK_DB'];
let dir: string;
let engine: FakeUtilityProcess;

function invoke(name: string, params: unknown): Promise<unknown> {
  const handler = ipcMain.handlers.get(IPC_INVOKE);
  if (handler === undefined) throw new Error(`no handler on ${IPC_INVOKE}`);
  return Promise.resolve(handler(FROM_PAGE, name, params));
}

/** Every arming word main sent the engine, in order. */
function armingPosted(): boolean[] {
  return engine.posted.filter((m): m is { type: 'arming'; armed: boolean } => (m as { type: string }).type === 'arming').map((m) => m.armed);
}

async function armLive(): Promise<void> {
  expect(await invoke('broker.mode.set', { endpoint: 'live' })).toMatchObject({ ok: true });
  expect(await invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).toMatchObject({ ok: true, value: { armed: true } });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-arming-'));
  process.env['DESK_DB'] = path.join(dir, 'desk.db');
  app.userData = path.join(dir, 'user-data');
  // Electron makes userData before the app is ready; the fake does not.
  mkdirSync(app.userData);
  await import('../../electron/main.js');
  await vi.waitFor(() => expect(BrowserWindow.all).toHaveLength(1));
  const [child] = utilityProcess.forked;
  if (child === undefined) throw new Error('main.ts forked no engine');
  engine = child;
  // Arming needs the live account's keys: stored on the (fake) keychain like the Settings form does.
  const stored = await invoke('broker.credentials.set', { account: 'live', keyId: 'AKARMTEST001', secretKey: 'arm-secret-0123456789' });
  expect(stored).toMatchObject({ ok: true });
});

afterAll(() => {
  if (savedDb === undefined) delete process.env['DESK_DB'];
  else process.env['DESK_DB'] = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

describe('main.ts relays the session\'s live arming to the engine over its port (fake electron)', () => {
  it('choosing the live endpoint relays not armed; arming relays armed; disarming relays not armed; never as an invoke', async () => {
    expect(armingPosted()).toEqual([]);
    await armLive();
    expect(armingPosted()).toEqual([false, true]);
    expect(await invoke('broker.live.disarm', {})).toMatchObject({ ok: true, value: { armed: false } });
    expect(armingPosted().at(-1)).toBe(false);
    const invokes = engine.posted.filter((m) => (m as { type: string }).type === 'invoke').map((m) => (m as { name: string }).name);
    expect(invokes.filter((n) => n.startsWith('broker.'))).toEqual([]);
  });

  it('the window closing disarms and tells the engine', async () => {
    await armLive();
    expect(armingPosted().at(-1)).toBe(true);
    const [window] = BrowserWindow.getAllWindows();
    window?.close();
    await vi.waitFor(() => expect(armingPosted().at(-1)).toBe(false));
    expect(await invoke('broker.mode.get', {})).toMatchObject({ ok: true, value: { armed: false } });
  });

  it('the engine exiting disarms the main side too, so nothing armed outlives the engine session', async () => {
    app.emit('activate');
    await armLive();
    expect(armingPosted().at(-1)).toBe(true);
    engine.emit('exit', 1);
    await vi.waitFor(async () => expect(await invoke('broker.mode.get', {})).toMatchObject({ ok: true, value: { armed: false } }));
    expect(armingPosted().at(-1)).toBe(false);
  });
});
