import { FeatureEngine } from '../../features/feature-engine.js';
import type { FeatureParams } from '../../features/feature-params.js';
import type { Bar } from '../../market/bar.js';
import type { EpochMs } from '../../market/units.js';
import { labelOutcome, type BarrierOutcome } from './barrier-outcome.js';
import { detectBreakout, type BreakoutDirection } from './breakout-event.js';
import { assertValidLabelSpec, type LabelSpec } from './label-spec.js';
import { WilderAtr } from './wilder-atr.js';

/** One breakout event of a series: what was known at its close, and (once final) its outcome. */
export interface LabelledEvent {
  readonly time: EpochMs;
  /** Index of the event bar among the accepted bars, from 0. */
  readonly barIndex: number;
  readonly direction: BreakoutDirection;
  readonly close: number;
  readonly atr: number;
  readonly level: number;
  readonly beyondAtr: number;
  /** The warm feature vector at the event bar, in schema order (a copy). */
  readonly features: Float64Array;
  /** Undefined while pending: fewer than horizonBars bars followed the event. */
  readonly outcome: BarrierOutcome | undefined;
}

/** The events of one series and what it took to find them. */
export interface SeriesLabels {
  readonly events: LabelledEvent[];
  readonly barsRead: number;
  /** Accepted bars from `from` on whose features and ATR were warm, i.e. that could have been events. */
  readonly warmBars: number;
  /** Bars the feature engine refused (they are skipped by the ATR and the outcome walk too). */
  readonly rejected: number;
  readonly firstRejection?: string;
}

export interface LabelSeriesOptions {
  readonly featureParams?: FeatureParams;
  /** Events before this open time are not reported; their bars still warm the indicators up. */
  readonly from?: EpochMs;
}

interface OpenEvent {
  readonly partial: Omit<LabelledEvent, 'outcome'>;
  readonly after: Bar[];
}

/**
 * Streams one series (bars of one symbol and interval, oldest first) through the FeatureEngine, a Wilder ATR
 * and the breakout rule, and labels each event from the `horizonBars` bars that follow it. Events are held
 * open while their horizon fills, exactly as a live labeler would, so an event's outcome can only ever see
 * the bars (t, t+H] and its features only bars up to t. Events still open at the end are returned pending.
 * @throws RangeError when the spec is invalid.
 */
export function labelSeries(bars: readonly Bar[], spec: LabelSpec, options: LabelSeriesOptions = {}): SeriesLabels {
  assertValidLabelSpec(spec);
  const first = bars[0];
  const events: LabelledEvent[] = [];
  if (first === undefined) return { events, barsRead: 0, warmBars: 0, rejected: 0 };
  const engine = new FeatureEngine({ symbol: first.symbol, interval: first.interval, ...(options.featureParams === undefined ? {} : { params: options.featureParams }) });
  const atr = new WilderAtr(spec.atrPeriod);
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const open: OpenEvent[] = [];
  let warmBars = 0;
  let firstRejection: string | undefined;
  for (const bar of bars) {
    const accepted = engine.onBar(bar);
    if (!accepted.ok) {
      firstRejection ??= accepted.error;
      continue;
    }
    // Resolve before looking at this bar as an event: the outcome walk takes bars strictly after the event.
    for (const pending of open) pending.after.push(bar);
    while (open.length > 0 && (open[0] as OpenEvent).after.length === spec.horizonBars) {
      const done = open.shift() as OpenEvent;
      events.push({ ...done.partial, outcome: labelOutcome(done.partial, done.after, spec) });
    }
    const a = atr.push(bar.high, bar.low, bar.close);
    if (!engine.warm || !(a > 0)) continue;
    if (bar.time < from) continue;
    warmBars++;
    const signal = detectBreakout(bar.close, engine.values, a, spec);
    if (signal === undefined) continue;
    const partial = { time: bar.time, barIndex: engine.barCount - 1, close: bar.close, atr: a, features: engine.values.slice(), ...signal };
    open.push({ partial, after: [] });
  }
  for (const pending of open) events.push({ ...pending.partial, outcome: undefined });
  const base = { events, barsRead: bars.length, warmBars, rejected: engine.rejectedBars };
  return firstRejection === undefined ? base : { ...base, firstRejection };
}
