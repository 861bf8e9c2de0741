import type { UtilityProcess } from 'electron';
import type { DeskResponse } from '../core/contract/desk-api.js';
import { deskError } from '../core/contract/errors.js';
import type { StreamMessage } from '../core/contract/streams.js';
import type { DeskInfo } from '../core/desk/create-desk.js';
import { err } from '../core/util/result.js';
import type { FromEngine, ToEngine } from './engine-messages.js';

/** The main process's handle on the engine utility process. */
export interface EngineClient {
  invoke(name: string, params: unknown): Promise<DeskResponse<unknown>>;
  onStream(listener: (message: StreamMessage) => void): void;
  stop(): Promise<void>;
}

/** How long shutdown waits for the engine to close SQLite before killing it. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * Wraps a forked engine: requests get ids and resolve when their result comes back; if the engine dies,
 * every pending and later call resolves to `unavailable` rather than hanging the UI.
 */
export function connectEngine(child: UtilityProcess): Promise<{ client: EngineClient; info: DeskInfo }> {
  let nextId = 1;
  let dead: string | undefined;
  const pending = new Map<number, (response: DeskResponse<unknown>) => void>();
  const streamListeners: ((message: StreamMessage) => void)[] = [];
  let stopped: (() => void) | undefined;

  const failAll = (reason: string): void => {
    dead = reason;
    for (const resolve of pending.values()) resolve(err(deskError('unavailable', reason)));
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      failAll(`The desk engine stopped (exit code ${code}).`);
      stopped?.();
      reject(new Error(`The desk engine exited with code ${code} before it was ready.`));
    });
    child.on('message', (message: FromEngine) => {
      switch (message.type) {
        case 'ready':
          resolve({ client, info: message.info });
          break;
        case 'fatal':
          reject(new Error(message.message));
          break;
        case 'result':
          pending.get(message.id)?.(message.response);
          pending.delete(message.id);
          break;
        case 'stream':
          for (const listener of streamListeners) listener(message.message);
          break;
        case 'stopped':
          stopped?.();
          break;
      }
    });

    const send = (message: ToEngine): void => {
      child.postMessage(message);
    };
    const client: EngineClient = {
      invoke(name, params) {
        if (dead !== undefined) return Promise.resolve(err(deskError('unavailable', dead)));
        const id = nextId++;
        return new Promise((done) => {
          pending.set(id, done);
          send({ type: 'invoke', id, name, params });
        });
      },
      onStream(listener) {
        streamListeners.push(listener);
      },
      stop() {
        if (dead !== undefined) return Promise.resolve();
        return new Promise<void>((done) => {
          const timer = setTimeout(() => {
            child.kill();
            done();
          }, STOP_TIMEOUT_MS);
          stopped = () => {
            clearTimeout(timer);
            done();
          };
          send({ type: 'stop' });
        });
      },
    };
  });
}
