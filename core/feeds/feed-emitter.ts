import type { FeedEvents } from './feed.js';

type Listener<K extends keyof FeedEvents> = (payload: FeedEvents[K]) => void;
type ListenerSets = { [K in keyof FeedEvents]: Set<Listener<K>> };

/**
 * Typed fan-out for `MarketFeed.on`. A throwing listener must not stop the feed's timer chain or starve
 * the other listeners, so its error is counted and kept instead of propagating into the clock.
 */
export class FeedEmitter {
  private readonly listeners: ListenerSets = { bar: new Set(), tick: new Set(), news: new Set(), status: new Set() };
  private errors = 0;
  private lastError: unknown;

  on<K extends keyof FeedEvents>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners[event] as Set<Listener<K>>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof FeedEvents>(event: K, payload: FeedEvents[K]): void {
    const set = this.listeners[event] as Set<Listener<K>>;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.errors++;
        this.lastError = error;
      }
    }
  }

  /** Listener failures so far and the most recent one, for diagnostics. */
  listenerErrors(): { readonly count: number; readonly last: unknown } {
    return { count: this.errors, last: this.lastError };
  }
}
