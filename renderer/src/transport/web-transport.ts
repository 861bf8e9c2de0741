import type { DeskApi, DeskResponse, StreamMessage, StreamName, StreamPayload } from '../../../core/contract/index.js';

type Listener = (payload: never) => void;

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * `window.desk` over the headless server: requests are `POST /api/invoke/<name>` with a bearer token,
 * streams come over one WebSocket that reconnects with backoff. Same interface as the Electron preload.
 */
export function createWebTransport(origin: string, token: string): DeskApi {
  const listeners = new Map<StreamName, Set<Listener>>();
  let delay = RECONNECT_MIN_MS;

  const connect = (): void => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/stream`, ['desk.v1', `bearer.${token}`]);
    ws.onopen = () => {
      delay = RECONNECT_MIN_MS;
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as StreamMessage;
      for (const listener of listeners.get(message.stream) ?? []) (listener as (p: unknown) => void)(message.payload);
    };
    ws.onclose = () => {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
  };
  connect();

  return {
    async invoke(name, params) {
      try {
        const res = await fetch(`${origin}/api/invoke/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(params),
        });
        return (await res.json()) as DeskResponse<never>;
      } catch (cause) {
        return { ok: false, error: { code: 'unavailable', message: `The desk server did not answer: ${String(cause)}` } };
      }
    },
    on<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void) {
      const set = listeners.get(stream) ?? new Set<Listener>();
      listeners.set(stream, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
