import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Interval } from '../../../market/interval.js';
import type { Clock } from '../../../time/clock.js';
import { baselineBreakout, type BreakoutBaseline } from '../../baseline/baseline-rule.js';
import { toPrediction, type BreakoutPrediction } from '../../breakout-prediction.js';
import type { ServingSource } from '../../inference/breakout-predictor.js';
import type { BreakoutServing, PredictionContext } from '../../inference/breakout-serving.js';
import { INPUT_COUNT, writeBreakoutInputs } from '../../inputs/breakout-inputs.js';
import type { BreakoutSignal } from '../../labels/breakout-event.js';
import { DEFAULT_HEALTH_POLICY, inputTrip, outputTrip, type HealthPolicy } from '../breaker/health-policy.js';
import { versionDrift } from '../drift/version-drift.js';
import type { ServingRole } from '../ops-types.js';
import { FALLBACK_MODEL_ID, predictionKey, servedModelId } from '../prediction-key.js';
import type { ModelRegistry, ServingVersion } from '../registry/model-registry.js';
import type { PredictionLog } from '../tracking/prediction-log.js';
import { routesToChallenger } from './traffic-split.js';

export interface RouterOptions {
  readonly registry: ModelRegistry;
  readonly log: PredictionLog;
  /** Stamps each logged prediction (market time in a replay). */
  readonly clock: Clock;
  /** The fallback, and the breakout rule every version answers on. */
  readonly baseline: BreakoutBaseline;
  readonly interval: Interval;
  readonly health?: HealthPolicy;
  /** Monotonic milliseconds for latency; injected so a test can make a model slow. Default `performance.now`. */
  readonly stopwatch?: () => number;
}

/** Who answered the latest request, and under which logged key. */
export interface ServedAnswer {
  readonly role: ServingRole;
  readonly version: string | null;
  readonly key: string | null;
  readonly fallbackReason: string | null;
}

/**
 * Serves breakout events from the registry's deployment: the champion, a challenger on its share of
 * symbol-days, shadows alongside (logged, never acting), and the rule-based baseline when the model is
 * disabled, nothing is deployed, or the chosen version's breaker is open. Every answer is logged with its
 * inputs, latency and breaker state; a bad output, invalid inputs, a slow answer or drift past the
 * threshold opens the version's breaker and the fallback answers. A drop-in for `BreakoutPredictor`.
 */
export class ServingRouter implements BreakoutServing {
  readonly baseline: BreakoutBaseline;
  readonly interval: Interval;
  readonly health: HealthPolicy;
  readonly #registry: ModelRegistry;
  readonly #log: PredictionLog;
  readonly #clock: Clock;
  readonly #stopwatch: () => number;
  readonly #inTransaction: (run: () => BreakoutPrediction) => BreakoutPrediction;
  readonly #row = new Float64Array(INPUT_COUNT);
  readonly #sinceDriftCheck = new Map<string, number>();
  /** Per version, each column's PSI band (0 below the alert level, 1 above it, 2 above the breaker level) at the last check. */
  readonly #alerting = new Map<string, Map<string, number>>();
  #source: ServingSource;
  #last: ServedAnswer | undefined;

  constructor(o: RouterOptions) {
    this.baseline = o.baseline;
    this.interval = o.interval;
    this.health = o.health ?? DEFAULT_HEALTH_POLICY;
    this.#registry = o.registry;
    this.#log = o.log;
    this.#clock = o.clock;
    this.#stopwatch = o.stopwatch ?? (() => performance.now());
    this.#inTransaction = o.registry.db.transaction((run: () => BreakoutPrediction) => run());
    this.#source = this.#idleSource();
    // A deploy, disable or breaker change makes the last answer's source stale: show what would answer now.
    this.#registry.onChange(() => {
      this.#source = this.#idleSource();
    });
  }

  /** What answered the latest request (before any, and after a registry change: what would answer now). */
  get source(): ServingSource {
    return this.#source;
  }

  /** Who answered the latest request and its logged key. */
  get lastAnswer(): ServedAnswer | undefined {
    return this.#last;
  }

  predictEvent(features: ArrayLike<number>, close: number, atr: number, context?: PredictionContext): BreakoutPrediction | undefined {
    const signal = baselineBreakout(close, features, atr, this.baseline);
    if (signal === undefined) return undefined;
    // One commit for everything a request logs (champion or fallback, shadows, a breaker trip).
    return this.#inTransaction(() => this.#serve(signal, features, close, atr, context));
  }

  #serve(signal: BreakoutSignal, features: ArrayLike<number>, close: number, atr: number, context: PredictionContext | undefined): BreakoutPrediction {
    writeBreakoutInputs(features, close, atr, signal.direction, this.#row, 0);
    const digest = featureDigest(features);
    const state = this.#registry.serving;
    let fallbackReason: string | undefined = state.blocked;
    let chosen: ServingVersion | undefined;
    if (fallbackReason === undefined) {
      const { champion, challenger } = state;
      const toChallenger = challenger !== undefined && context !== undefined && routesToChallenger(context.symbol, context.barTime, challenger.trafficShare);
      const candidates = toChallenger ? [challenger, champion] : [champion];
      chosen = candidates.find((v) => v !== undefined && healthy(v));
      if (chosen === undefined) fallbackReason = unhealthyReason(candidates[0], state.unavailable, state.model);
    }
    let answer: BreakoutPrediction | undefined;
    if (chosen !== undefined) {
      answer = this.#runVersion(chosen, chosen.status === 'challenger' ? 'challenger' : 'champion', true, signal, close, atr, digest, context);
      if (answer === undefined) fallbackReason = `${state.model} ${chosen.version} breaker opened: ${this.#registry.serving[chosen.status === 'challenger' ? 'challenger' : 'champion']?.breaker.reason ?? 'unhealthy answer'}`;
    }
    for (const shadow of state.shadows) if (healthy(shadow)) this.#runVersion(shadow, 'shadow', false, signal, close, atr, digest, context);
    if (answer !== undefined) return answer;
    return this.#fallback(fallbackReason ?? 'no model answered', signal, close, atr, digest, context);
  }

  #runVersion(v: ServingVersion, role: ServingRole, acts: boolean, signal: BreakoutSignal, close: number, atr: number, digest: string, context: PredictionContext | undefined): BreakoutPrediction | undefined {
    const model = this.#registry.model;
    const started = this.#stopwatch();
    const out = v.loaded.ensemble.explain(this.#row);
    const latencyMs = this.#stopwatch() - started;
    const trip = inputTrip(close, atr, this.#row) ?? outputTrip(out, latencyMs, this.health);
    const prediction = trip === undefined ? toPrediction(out, { direction: signal.direction, close, atr, interval: this.interval }, this.baseline.spec) : undefined;
    const modelId = servedModelId(model, v.version);
    // A failed answer is logged for the record but never acts; the fallback's own row is the acting one.
    const key = context === undefined || !acts || trip !== undefined ? null : predictionKey(modelId, context.symbol, context.interval, context.barTime);
    this.#log.append({
      key, at: this.#clock.now(), model, version: v.version, role, acted: acts && trip === undefined, fallbackReason: null,
      symbol: context?.symbol ?? null, interval: context?.interval ?? null, barTime: context?.barTime ?? null,
      direction: signal.direction, close, atr, featureDigest: digest, inputs: this.#row,
      probability: Number.isFinite(out.probability) ? out.probability : null, output: prediction ?? { ...out }, latencyMs,
      breakerState: trip === undefined ? 'closed' : 'open',
    });
    if (trip !== undefined) {
      this.#registry.openBreaker(v.version, trip.trip, `${model} ${v.version}: ${trip.reason}`, { role, symbol: context?.symbol ?? null, barTime: context?.barTime ?? null });
      return undefined;
    }
    this.#checkDrift(v);
    if (acts) {
      this.#source = { kind: 'model', version: v.version, dir: v.loaded.dir };
      this.#last = { role, version: v.version, key, fallbackReason: null };
    }
    return prediction;
  }

  #fallback(reason: string, signal: BreakoutSignal, close: number, atr: number, digest: string, context: PredictionContext | undefined): BreakoutPrediction {
    const p = this.baseline.successEstimate;
    // The baseline has no view on which breakout works, so it claims no confidence.
    const prediction = { ...toPrediction({ probability: p, nnProbability: p, svmProbability: p, support: 1 }, { direction: signal.direction, close, atr, interval: this.interval }, this.baseline.spec), confidence: 0 };
    const key = context === undefined ? null : predictionKey(FALLBACK_MODEL_ID, context.symbol, context.interval, context.barTime);
    this.#log.append({
      key, at: this.#clock.now(), model: this.#registry.model, version: null, role: 'fallback', acted: true, fallbackReason: reason,
      symbol: context?.symbol ?? null, interval: context?.interval ?? null, barTime: context?.barTime ?? null,
      direction: signal.direction, close, atr, featureDigest: digest, inputs: this.#row, probability: p, output: prediction, latencyMs: 0, breakerState: 'none',
    });
    this.#source = { kind: 'baseline', reason };
    this.#last = { role: 'fallback', version: null, key, fallbackReason: reason };
    return prediction;
  }

  /** Every `driftEvery` predictions of a version: PSI against its reference; an alert past the alert level, the breaker past the breaker level. */
  #checkDrift(v: ServingVersion): void {
    const n = (this.#sinceDriftCheck.get(v.version) ?? 0) + 1;
    if (n < this.health.driftEvery) {
      this.#sinceDriftCheck.set(v.version, n);
      return;
    }
    this.#sinceDriftCheck.set(v.version, 0);
    const h = this.health;
    const report = versionDrift(this.#registry.db, this.#registry.model, v.version, v.loaded.reference, h);
    if (report.worst === null) {
      // Too few predictions since a re-close: the bands start afresh too.
      this.#alerting.delete(v.version);
      return;
    }
    // An alert is raised when a column (or the score) climbs into a higher band (above the alert level, above the
    // breaker level) than at the last check, not on every check while it stays there: a lasting regime difference
    // is one alert, and a new shift on top of it is another.
    const band = (psi: number | null): number => (psi === null ? 0 : psi > h.driftBreakerPsi ? 2 : psi > h.driftAlertPsi ? 1 : 0);
    const bands = new Map<string, number>([...report.features.map((f) => [f.feature, band(f.psi)] as const), ['score', band(report.score.psi)]]);
    const before = this.#alerting.get(v.version);
    const fresh = [...bands].filter(([name, b]) => b > (before?.get(name) ?? 0)).map(([name]) => name);
    this.#alerting.set(v.version, bands);
    const above = [...bands].filter(([, b]) => b > 0).map(([name]) => name);
    const what = `${this.#registry.model} ${v.version}: ${report.worst.name} PSI ${report.worst.psi.toFixed(2)} over the last ${report.samples} predictions`;
    const detail = { samples: report.samples, worst: report.worst.name, psi: report.worst.psi, above: [...above], fresh };
    if (fresh.length > 0) {
      const psiOf = (name: string): number => (name === 'score' ? report.score.psi : report.features.find((f) => f.feature === name)?.psi) ?? Number.NaN;
      this.#registry.note('drift-alert', v.version, `${this.#registry.model} ${v.version}: ${fresh.map((n) => `${n} PSI ${psiOf(n).toFixed(2)}`).join(', ')} over the last ${report.samples} predictions (alert above ${h.driftAlertPsi})`, detail);
    }
    if (report.worst.psi > h.driftBreakerPsi) this.#registry.openBreaker(v.version, 'drift', `${what}, above the breaker level ${h.driftBreakerPsi}`, detail);
  }

  #idleSource(): ServingSource {
    const s = this.#registry.serving;
    if (s.blocked !== undefined) return { kind: 'baseline', reason: s.blocked };
    if (s.champion === undefined || !healthy(s.champion)) return { kind: 'baseline', reason: unhealthyReason(s.champion, s.unavailable, s.model) };
    return { kind: 'model', version: s.champion.version, dir: s.champion.loaded.dir };
  }
}

const healthy = (v: ServingVersion): boolean => !v.disabled && v.breaker.state === 'closed';

function unhealthyReason(v: ServingVersion | undefined, unavailable: ReadonlyMap<string, string>, model: string): string {
  if (v === undefined) return unavailable.size > 0 ? `the deployed ${model} version cannot load: ${[...unavailable.values()].join('; ')}` : `no champion of ${model} deployed`;
  if (v.disabled) return `${model} ${v.version} is disabled`;
  return `${model} ${v.version} breaker open (${v.breaker.trip ?? ''}): ${v.breaker.reason ?? ''}`;
}

/** A short digest of the feature vector a prediction was made from, to find identical inputs across versions. */
export function featureDigest(features: ArrayLike<number>): string {
  const h = createHash('sha256');
  const buf = Buffer.alloc(8 * features.length);
  for (let i = 0; i < features.length; i++) buf.writeDoubleLE(features[i] as number, i * 8);
  return h.update(buf).digest('hex').slice(0, 16);
}
