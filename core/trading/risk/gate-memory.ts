import type { EpochMs } from '../../market/units.js';
import type { Fill, OrderLeg, OrderRequest } from '../order.js';

/** An order that passed the gate, as the rate and duplicate rules remember it. */
export interface Submission {
  readonly time: EpochMs;
  readonly request: OrderRequest;
}

/** What the rules may read of the gate's memory; rules never change it. */
export interface GateState {
  /** Orders that passed, oldest first (only the last few minutes are kept). */
  readonly submissions: readonly Submission[];
  /** True when an entry (non-reduce-only order) with this proposal or prediction id has already passed. */
  hasEntryFor(origin: { readonly proposalId?: string; readonly predictionId?: string }): boolean;
  /** Time of the latest stop-loss fill on `symbol`, if any. */
  lastStopOut(symbol: string): EpochMs | undefined;
  /** Fills of the last days (for day-trade counting), in arrival order. */
  readonly fills: readonly Fill[];
  globalKillSwitch(): boolean;
  modelKillSwitch(modelId: string): boolean;
  /** Equity at the start of the current trading day, once known. */
  readonly startOfDayEquity: number | undefined;
}

/** How long submissions are remembered: the rate window, and the longest duplicate window the limits allow. */
const SUBMISSION_MEMORY_MS = 3_600_000;
/** Five business days reach back at most nine calendar days, even across a long weekend. */
const FILL_MEMORY_MS = 10 * 86_400_000;

/**
 * Removes the last `count` items. By pops, not by setting the length: an array cut to length 0 gives up its store,
 * and the next push (a backtest's next order, a day later) makes a new one; popped, it keeps it.
 */
function dropLast(items: unknown[], count: number): void {
  for (let i = 0; i < count; i++) items.pop();
}

/** The mutable memory behind GateState: what passed, stop-outs and recent fills. */
export class GateMemory {
  readonly #submissions: Submission[] = [];
  readonly #entryIds = new Set<string>();
  readonly #stopOuts = new Map<string, EpochMs>();
  readonly #fills: Fill[] = [];
  readonly #fillIds = new Set<string>();
  /**
   * The earliest time among #fills (Infinity when none; NaN times never count, as they never age out): a fill
   * has aged out exactly when the earliest one has, so prune tells in O(1) whether to rebuild the list.
   */
  #earliestFill = Number.POSITIVE_INFINITY;

  recordSubmission(request: OrderRequest, time: EpochMs): void {
    this.#submissions.push({ time, request });
    if (request.reduceOnly !== true) this.rememberEntry(request.origin);
  }

  /** Marks a proposal / signal as having placed its entry. */
  rememberEntry(origin: { readonly proposalId?: string; readonly predictionId?: string }): void {
    if (origin.proposalId !== undefined) this.#entryIds.add(`proposal:${origin.proposalId}`);
    if (origin.predictionId !== undefined) this.#entryIds.add(`prediction:${origin.predictionId}`);
  }

  /** Remembers a fill once (by fill id); a stop-loss leg's fill starts that symbol's cooldown. */
  recordFill(fill: Fill, leg: OrderLeg): void {
    if (this.#fillIds.has(fill.id)) return;
    this.#fillIds.add(fill.id);
    this.#fills.push(fill);
    if (fill.time < this.#earliestFill) this.#earliestFill = fill.time;
    if (leg === 'stop_loss') {
      const previous = this.#stopOuts.get(fill.symbol);
      if (previous === undefined || fill.time > previous) this.#stopOuts.set(fill.symbol, fill.time);
    }
  }

  /** Forgets what no rule can need any more, so a long session does not grow without bound. */
  prune(now: EpochMs): void {
    // Runs before every check: plain loops, lists shortened in place (no removed-items array, no filtered copies),
    // and the fills looked at only when one has aged out.
    const submissions = this.#submissions;
    let firstKept = 0;
    while (firstKept < submissions.length && !(now - (submissions[firstKept]?.time ?? 0) < SUBMISSION_MEMORY_MS)) firstKept++;
    if (firstKept > 0) {
      submissions.copyWithin(0, firstKept);
      dropLast(submissions, firstKept);
    }
    if (!(now - this.#earliestFill >= FILL_MEMORY_MS)) return;
    // One pass keeps the young fills in arrival order, forgets the ids of the old ones and finds the new earliest.
    const fills = this.#fills;
    let kept = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < fills.length; i++) {
      const fill = fills[i] as Fill;
      if (now - fill.time >= FILL_MEMORY_MS) {
        this.#fillIds.delete(fill.id);
        continue;
      }
      // Kept only when provably young, as the filtered copy this replaced kept them (a NaN time is not).
      if (!(now - fill.time < FILL_MEMORY_MS)) continue;
      if (fill.time < earliest) earliest = fill.time;
      fills[kept++] = fill;
    }
    dropLast(fills, fills.length - kept);
    this.#earliestFill = earliest;
  }

  /**
   * The rules' read-only view of this memory. The object is live (its lists are this memory's own, the day start
   * is read when asked), so a gate builds it once and hands the same one to every check.
   */
  view(killSwitch: { global(): boolean; model(modelId: string): boolean }, startOfDayEquity: number | undefined | (() => number | undefined)): GateState {
    const entryIds = this.#entryIds;
    const stopOuts = this.#stopOuts;
    const dayStart = typeof startOfDayEquity === 'function' ? startOfDayEquity : (): number | undefined => startOfDayEquity;
    return {
      submissions: this.#submissions,
      hasEntryFor: (origin) =>
        (origin.proposalId !== undefined && entryIds.has(`proposal:${origin.proposalId}`)) ||
        (origin.predictionId !== undefined && entryIds.has(`prediction:${origin.predictionId}`)),
      lastStopOut: (symbol) => stopOuts.get(symbol),
      fills: this.#fills,
      globalKillSwitch: () => killSwitch.global(),
      modelKillSwitch: (modelId) => killSwitch.model(modelId),
      get startOfDayEquity() {
        return dayStart();
      },
    };
  }
}
