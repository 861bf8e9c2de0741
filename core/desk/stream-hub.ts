import type { DeskEventSource } from '../contract/desk-api.js';
import type { StreamName } from '../contract/names.js';
import type { StreamPayload } from '../contract/streams.js';

type AnyListener = (payload: never) => void;

/**
 * Fans stream events out to every subscriber. A listener that throws is isolated: the others still get
 * the event and the engine keeps running (a broken UI client must not stop bar storage).
 */
export class StreamHub implements DeskEventSource {
  private readonly listeners = new Map<StreamName, Set<AnyListener>>();
  private failures = 0;

  on<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void {
    const set = this.listeners.get(stream) ?? new Set<AnyListener>();
    this.listeners.set(stream, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<S extends StreamName>(stream: S, payload: StreamPayload<S>): void {
    for (const listener of this.listeners.get(stream) ?? []) {
      try {
        (listener as (p: StreamPayload<S>) => void)(payload);
      } catch {
        this.failures += 1;
      }
    }
  }

  /** Listener calls that threw, for the status panel. */
  listenerFailures(): number {
    return this.failures;
  }

  clear(): void {
    this.listeners.clear();
  }
}
