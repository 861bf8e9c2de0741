import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isRequestName, isStreamName, REQUEST_NAMES, STREAM_NAMES } from '../core/contract/names.js';
import { IPC_INVOKE, IPC_STREAM } from './ipc-channels.js';

// Sandboxed preload: exposes window.desk and nothing else. Names are checked here against the contract's
// lists (no zod in the preload), and params are validated again on the engine side.
type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_STREAM, (_event: IpcRendererEvent, message: { stream: string; payload: unknown }) => {
  for (const listener of listeners.get(message.stream) ?? []) listener(message.payload);
});

contextBridge.exposeInMainWorld('desk', {
  invoke(name: unknown, params: unknown): Promise<unknown> {
    if (!isRequestName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-request', message: `Unknown request; known: ${REQUEST_NAMES.join(', ')}.` } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, name, params);
  },
  on(stream: unknown, listener: Listener): () => void {
    if (!isStreamName(stream) || typeof listener !== 'function') {
      throw new TypeError(`window.desk.on needs a stream (${STREAM_NAMES.join(', ')}) and a function.`);
    }
    const set = listeners.get(stream) ?? new Set<Listener>();
    listeners.set(stream, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});
