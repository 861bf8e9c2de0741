import type { Bar } from '../../../market/bar.js';
import type { Cancel } from '../../../time/clock.js';
import { BarSequencer } from './bar-sequencer.js';

/** What the feed keeps per subscribed symbol. */
export interface SymbolRuntime {
  readonly bars: BarSequencer;
  running: boolean;
  rerun: boolean;
  retry: Cancel | undefined;
  lastTrade: { readonly i: number; readonly t: number } | undefined;
  latestDaily: Bar | undefined;
  /** Updated bars for times not stored yet: applied over the backfill that stores those times. */
  readonly lateUpdates: Map<number, Bar>;
  /** Minutes hit by a correction before they were stored: refetched once stored. */
  readonly refreshLater: Set<number>;
  /** Writes of an updated bar per minute: a refetch that was overtaken by a newer update must not undo it. */
  readonly updateSeq: Map<number, number>;
}

export function newSymbolRuntime(stepMs: number): SymbolRuntime {
  return {
    bars: new BarSequencer(stepMs), running: false, rerun: false, retry: undefined, lastTrade: undefined, latestDaily: undefined,
    lateUpdates: new Map(), refreshLater: new Set(), updateSeq: new Map(),
  };
}
