import type { Bar } from './bar.js';
import {
  DEFAULT_JUMP_FACTOR,
  jumpFields,
  jumpIssue,
  passesAllRules,
  rowIssues,
  sequenceIssues,
  type BarIssue,
} from './bar-rules.js';
import { err, ok, type Result } from '../util/result.js';

export { DEFAULT_JUMP_FACTOR, type BarIssue, type BarIssueCode } from './bar-rules.js';

export interface BarValidatorOptions {
  /** A price this many times away from its neighbours is refused as a jump; see {@link DEFAULT_JUMP_FACTOR}. */
  readonly jumpFactor?: number;
}

/** A refused bar: where it was, and every rule it broke. */
export interface BarRejection {
  /** Index of the bar in the validated list. */
  readonly index: number;
  /** 1-based line in the source file, when the caller gave line numbers; else index + 1. */
  readonly line: number;
  readonly bar: Bar;
  readonly issues: readonly BarIssue[];
}

export interface BarValidation {
  /** Bars that passed every rule, in input order; safe to store. */
  readonly accepted: Bar[];
  readonly rejected: BarRejection[];
}

/**
 * Validates one series (one symbol and interval) in time order. Sequence and jump rules compare with the
 * last ACCEPTED bar, so one bad row cannot drag its good neighbour down with it.
 *
 * The jump rule looks at both neighbours: a price is refused only when it is far from the previous
 * accepted close AND from the next bar's close (when there is a next bar). A lone 10x outlier is
 * far from both; a genuine level change (an unadjusted split) is far from the past but agrees with the
 * future, so it passes.
 *
 * @param lines source line of each bar (same length as `bars`), used in rejections.
 */
export function validateBars(bars: readonly Bar[], lines?: readonly number[], options: BarValidatorOptions = {}): BarValidation {
  const factor = options.jumpFactor ?? DEFAULT_JUMP_FACTOR;
  const accepted: Bar[] = [];
  const rejected: BarRejection[] = [];
  let prev: Bar | undefined;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i] as Bar;
    if (passesAllRules(bar, prev, factor)) {
      accepted.push(bar);
      prev = bar;
      continue;
    }
    const issues: BarIssue[] = [];
    rowIssues(bar, issues);
    if (prev !== undefined) {
      sequenceIssues(bar, prev, issues);
      const fromPrev = jumpFields(bar, prev.close, factor);
      if (fromPrev.length > 0) {
        const next = bars[i + 1];
        // A next bar with an unusable close gives no evidence either way; judge on the past alone.
        const nextUsable = next !== undefined && Number.isFinite(next.close) && next.close > 0;
        const fromNext = nextUsable ? jumpFields(bar, next.close, factor) : fromPrev;
        const issue = jumpIssue(bar, fromPrev.filter((f) => fromNext.includes(f)), prev.close, factor);
        if (issue !== undefined) issues.push(issue);
      }
    }
    if (issues.length === 0) {
      accepted.push(bar);
      prev = bar;
    } else {
      rejected.push({ index: i, line: lines?.[i] ?? i + 1, bar, issues });
    }
  }
  return { accepted, rejected };
}

/**
 * The same rules for a live feed, one bar at a time, without the next bar to look at. To avoid locking
 * out a genuine level change forever, a bar refused ONLY for a jump becomes a candidate level: if the
 * following bar agrees with it (is not a jump from it), the level is taken as real and that following
 * bar is judged against the candidate. The candidate itself stays refused; it was already reported.
 */
export class StreamingBarValidator {
  private last: Bar | undefined;
  private candidate: Bar | undefined;
  private readonly factor: number;

  /** @param last the last bar already stored for this series, if any, so a restart keeps its context. */
  constructor(last?: Bar, options: BarValidatorOptions = {}) {
    this.last = last;
    this.factor = options.jumpFactor ?? DEFAULT_JUMP_FACTOR;
  }

  /** The last accepted bar. */
  get lastAccepted(): Bar | undefined {
    return this.last;
  }

  /** Checks `bar` against the rules and the last accepted bar; remembers it when it is accepted. */
  next(bar: Bar): Result<Bar, readonly BarIssue[]> {
    const issues: BarIssue[] = [];
    rowIssues(bar, issues);
    const prev = this.last;
    let onlyJump = false;
    if (prev !== undefined) {
      sequenceIssues(bar, prev, issues);
      const candidate = this.candidate;
      const confirmsCandidate =
        candidate !== undefined && bar.time > candidate.time && jumpFields(bar, candidate.close, this.factor).length === 0;
      if (!confirmsCandidate) {
        const before = issues.length;
        const issue = jumpIssue(bar, jumpFields(bar, prev.close, this.factor), prev.close, this.factor);
        if (issue !== undefined) issues.push(issue);
        onlyJump = before === 0 && issues.length === 1;
      }
    }
    this.candidate = onlyJump ? bar : undefined;
    if (issues.length > 0) return err(issues);
    this.last = bar;
    return ok(bar);
  }
}
