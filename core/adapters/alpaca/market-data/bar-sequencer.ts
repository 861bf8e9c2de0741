import type { Bar } from '../../../market/bar.js';

/** What became of one live bar. */
export type LiveBarOutcome =
  /** Next in line after the last emitted bar: store and emit it now. */
  | 'emit'
  /** A gap is open: held until the backfill lands, then stored with it. */
  | 'buffer'
  /** Newer than one interval past the last bar: a gap opened; held like `buffer`. */
  | 'gap'
  /** Same time and values as a bar already taken. */
  | 'duplicate'
  /** Older than (or a different version of) a bar already taken: dropped; REST is the authority for that time. */
  | 'out-of-order';

export interface BackfillResult {
  /** Bars to store in one transaction, oldest first. */
  readonly store: readonly Bar[];
  /** Of those, the ones to emit (newer than the last emitted), oldest first. */
  readonly emit: readonly Bar[];
  /** Another backfill round is needed before the gap closes. */
  readonly again: boolean;
}

/**
 * The live-bar bookkeeping of one symbol, free of I/O so it can be tested exhaustively. Invariant: the store
 * never holds a bar newer than a hole, so "backfill from after the last stored bar" always covers every hole.
 * That is why bars that arrive while a gap is open are held, not stored, and stored together with the
 * backfill in one transaction.
 */
export class BarSequencer {
  readonly #stepMs: number;
  /** The newest bar stored and emitted, or undefined before the first backfill landed. */
  #last: Bar | undefined;
  /** What `#last` was before the latest 'emit', so a bar that could not be stored can be given back. */
  #beforeLast: Bar | undefined;
  /** Until the first backfill lands the stored history may be behind, so a symbol starts with a gap. */
  gap = true;
  #pending: Bar[] = [];
  /** Held bars that arrived before the running backfill's request went out: that request covers them. */
  #coveredByRequest = 0;

  constructor(stepMs: number) {
    this.#stepMs = stepMs;
  }

  /** Open time of the newest bar stored and emitted, or undefined before the first backfill landed. */
  get lastEmitted(): number | undefined {
    return this.#last?.time;
  }

  get pending(): readonly Bar[] {
    return this.#pending;
  }

  /** Classifies a live closed bar and holds it when a gap is open. */
  onLive(bar: Bar): LiveBarOutcome {
    const last = this.#pending.at(-1) ?? this.#last;
    if (last !== undefined && bar.time <= last.time) {
      return bar.time === last.time && sameValues(last, bar) ? 'duplicate' : 'out-of-order';
    }
    if (this.gap) {
      this.#pending.push(bar);
      return 'buffer';
    }
    if (this.#last !== undefined && bar.time > this.#last.time + this.#stepMs) {
      this.gap = true;
      this.#pending.push(bar);
      return 'gap';
    }
    this.#beforeLast = this.#last;
    this.#last = bar;
    return 'emit';
  }

  /** A backfill request is going out now: the bars held so far are covered by it. */
  requestSent(): void {
    this.#coveredByRequest = this.#pending.length;
  }

  /**
   * Merges a finished backfill (bars from REST after `lastStored`) with the held live bars. REST wins where both
   * have a bar. Held bars that arrived after the request are taken only while they continue without a jump;
   * from the first jump on they stay held and another round is asked for. `write` stores the merged bars; if it
   * throws, the error propagates and nothing here changes, so the same backfill can be tried again.
   */
  complete(rest: readonly Bar[], lastStored: number | undefined, write: (bars: readonly Bar[]) => void): BackfillResult {
    const base = lastStored ?? Number.NEGATIVE_INFINITY;
    const byTime = new Map<number, Bar>();
    for (const b of this.#pending.slice(0, this.#coveredByRequest)) if (b.time > base) byTime.set(b.time, b);
    for (const b of rest) if (b.time > base) byTime.set(b.time, b);
    const store = [...byTime.values()].sort((a, b) => a.time - b.time);
    let cursor = store.at(-1)?.time ?? base;
    const later = this.#pending.slice(this.#coveredByRequest);
    let held: Bar[] = [];
    for (let i = 0; i < later.length; i++) {
      const b = later[i] as Bar;
      if (b.time <= cursor) continue;
      if (Number.isFinite(cursor) && b.time > cursor + this.#stepMs) {
        held = later.slice(i);
        break;
      }
      store.push(b);
      cursor = b.time;
    }
    write(store);
    const wasStreaming = this.#last !== undefined;
    const from = this.#last?.time ?? Number.NEGATIVE_INFINITY;
    // The first backfill of a symbol is history (the desk reads it through history()); later ones fill a hole
    // in a live series, so they are emitted for the features to see every real bar.
    const emit = wasStreaming ? store.filter((b) => b.time > from) : [];
    const newest = store.at(-1);
    if (newest !== undefined && newest.time > from) this.#last = newest;
    this.#pending = held;
    this.#coveredByRequest = 0;
    const again = held.length > 0;
    this.gap = again;
    return { store, emit, again };
  }

  /**
   * The bar just classified 'emit' could not be stored: forget it and open a gap, so the backfill stores it and
   * emits it in order.
   */
  unEmit(bar: Bar): void {
    if (this.#last === bar) this.#last = this.#beforeLast;
    this.gap = true;
  }

  /** The stream dropped: whatever happened meanwhile is unknown until the next backfill. */
  markGap(): void {
    this.gap = true;
  }
}

function sameValues(a: Bar, b: Bar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}
