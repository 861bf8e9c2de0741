import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES, STREAM_NAMES } from '../../core/contract/names.js';
import { IPC_INVOKE, IPC_STREAM } from '../../electron/ipc-channels.js';
import { contextBridge, ipcRenderer } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

interface ExposedDesk {
  invoke(name: unknown, params: unknown): Promise<unknown>;
  on(stream: unknown, listener: unknown): () => void;
}

let desk: ExposedDesk;

beforeAll(async () => {
  await import('../../electron/preload.js');
  const [exposed] = contextBridge.exposed;
  if (exposed === undefined) throw new Error('the preload exposed nothing');
  desk = exposed.api as ExposedDesk;
});

// The names come from the contract itself, so these tests follow it as requests and streams are added.
describe('the preload (fake electron module)', () => {
  it('exposes exactly window.desk, with exactly invoke and on', () => {
    expect(contextBridge.exposed.map((e) => e.key)).toEqual(['desk']);
    expect(Object.keys(desk).sort()).toEqual(['invoke', 'on']);
    expect(typeof desk.invoke).toBe('function');
    expect(typeof desk.on).toBe('function');
  });

  it.each(REQUEST_NAMES.map((name) => [name]))('forwards the contract request %s over the one invoke channel', async (name) => {
    ipcRenderer.invoked.length = 0;
    await desk.invoke(name, { probe: name });
    expect(ipcRenderer.invoked).toEqual([{ channel: IPC_INVOKE, args: [name, { probe: name }] }]);
  });

  it.each([['fs.readFile'], ['desk.status '], [''], [42], [undefined], ['__proto__']])(
    'answers unknown-request for %j without touching IPC',
    async (name) => {
      ipcRenderer.invoked.length = 0;
      const response = await desk.invoke(name, {});
      expect(response).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
      expect(ipcRenderer.invoked).toEqual([]);
    },
  );

  it.each(STREAM_NAMES.map((name) => [name]))('delivers the contract stream %s to its listeners until unsubscribed', (stream) => {
    const received: unknown[] = [];
    const off = desk.on(stream, (payload: unknown) => received.push(payload));
    const other = STREAM_NAMES.find((s) => s !== stream) ?? 'not-a-stream';
    ipcRenderer.emit(IPC_STREAM, {}, { stream, payload: 1 });
    ipcRenderer.emit(IPC_STREAM, {}, { stream: other, payload: 2 });
    off();
    ipcRenderer.emit(IPC_STREAM, {}, { stream, payload: 3 });
    expect(received).toEqual([1]);
  });

  it('refuses to subscribe to a stream outside the contract or without a function', () => {
    expect(() => desk.on('ipc-internals', () => undefined)).toThrow(TypeError);
    const [first] = STREAM_NAMES;
    expect(() => desk.on(first, 'not a function')).toThrow(TypeError);
  });
});
