import type { Interval } from '../../market/interval.js';
import type { Db } from '../../storage/open-database.js';
import type { Clock } from '../../time/clock.js';
import { DEFAULT_BASELINE, type BreakoutBaseline } from '../baseline/baseline-rule.js';
import type { EnsembleLoader } from '../inference/model-source.js';
import { labelSpecHash } from '../labels/label-spec.js';
import { compareAb, type AbComparison, type AbOptions } from './ab-test/ab-comparison.js';
import { DEFAULT_HEALTH_POLICY, type HealthPolicy } from './breaker/health-policy.js';
import { predictionsAfterReclose, versionDrift, type DriftReport } from './drift/version-drift.js';
import { permutationImportance, type FeatureImportance } from './importance/permutation-importance.js';
import type { ModelEvent, ModelView } from './ops-types.js';
import type { MetricGates } from './registry/metric-gates.js';
import { ModelRegistry, type ServingVersion } from './registry/model-registry.js';
import { ServingRouter } from './serving/serving-router.js';
import { OutcomeResolver, type ResolveCounts } from './tracking/outcome-resolver.js';
import { PredictionLog } from './tracking/prediction-log.js';
import { liveMetrics, metricSeries, modelUptime, reliabilityCurve, resolvedPredictions, scoreResolved, type LiveMetrics, type MetricPoint, type ReliabilityBin, type Uptime } from './tracking/version-metrics.js';

/** When a deployment is rolled back on its own live record. */
export interface RollbackGate {
  /** Resolved acting predictions needed before the gate judges. */
  readonly minResolved: number;
  /** Live precision below this rolls the latest deployment back. */
  readonly minPrecision: number;
}

export const DEFAULT_ROLLBACK_GATE: RollbackGate = { minResolved: 30, minPrecision: 0.15 };

export interface ModelOpsOptions {
  /** A migrated desk database (schema 7+): bars, predictions, outcomes and the registry live here. */
  readonly db: Db;
  /** The engine's clock: stamps events and predictions, and bounds which bars can resolve an outcome. */
  readonly clock: Clock;
  /** Bars the router serves; default '1d'. */
  readonly interval?: Interval;
  /** The fallback and the breakout rule; default `DEFAULT_BASELINE`. */
  readonly baseline?: BreakoutBaseline;
  readonly model?: string;
  readonly health?: HealthPolicy;
  readonly rollbackGate?: RollbackGate;
  readonly gates?: MetricGates;
  readonly loader?: EnsembleLoader;
  /** Monotonic ms for prediction latency (tests inject a slow one). */
  readonly stopwatch?: () => number;
}

/** What one `resolve` pass did besides resolving outcomes. */
export interface ResolveReport extends ResolveCounts {
  /** Versions whose breaker a losing run opened. */
  readonly losingRuns: readonly string[];
  /** The version the rollback gate retired, if any. */
  readonly rolledBack: string | null;
}

/** The reliability curve of one version. */
export interface Reliability {
  readonly version: string | null;
  readonly resolved: number;
  readonly bins: readonly ReliabilityBin[];
  readonly calibrationError: number | null;
}

/** Permutation importance of one version on its recent resolved predictions. */
export interface VersionImportance {
  readonly version: string;
  readonly samples: number;
  readonly metric: 'brier';
  readonly features: readonly FeatureImportance[];
  readonly reason: string | null;
}

/** Everything the dashboard's header shows. */
export interface ModelOpsOverview {
  readonly model: ModelView;
  readonly allDisabledReason: string | null;
  /** What answers when no request names a symbol: the champion, or the fallback and why. */
  readonly fallbackReason: string | null;
  readonly uptime: Uptime;
  /** Drift alerts, breaker changes and rollbacks, newest first. */
  readonly alerts: readonly ModelEvent[];
}

const ALERT_KINDS = new Set(['drift-alert', 'breaker-opened', 'breaker-closed', 'auto-rollback', 'refused', 'disabled', 'disabled-all']);

/**
 * Model operations for one model on the desk database: the registry (register, deploy, promote, roll back,
 * disable, breakers), the serving router the trading session uses in place of `BreakoutPredictor`, and the
 * tracking a dashboard reads (live metrics over time, reliability, drift, importance, A/B comparison,
 * uptime). `resolve()` after each bar resolves outcomes whose horizon has passed, opens breakers on losing
 * runs and applies the rollback gate.
 */
export class ModelOps {
  readonly registry: ModelRegistry;
  readonly router: ServingRouter;
  readonly baseline: BreakoutBaseline;
  readonly health: HealthPolicy;
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #specHash: string;
  readonly #gate: RollbackGate;
  readonly #resolver: OutcomeResolver;

  private constructor(o: ModelOpsOptions) {
    this.#db = o.db;
    this.#clock = o.clock;
    this.baseline = o.baseline ?? DEFAULT_BASELINE;
    this.health = o.health ?? DEFAULT_HEALTH_POLICY;
    this.#gate = o.rollbackGate ?? DEFAULT_ROLLBACK_GATE;
    this.#specHash = labelSpecHash(this.baseline.spec);
    this.#resolver = new OutcomeResolver(o.db, this.baseline.spec);
    this.registry = new ModelRegistry({
      db: o.db, clock: o.clock, spec: this.baseline.spec,
      ...(o.model === undefined ? {} : { model: o.model }), ...(o.loader === undefined ? {} : { loader: o.loader }), ...(o.gates === undefined ? {} : { gates: o.gates }),
    });
    this.router = new ServingRouter({
      registry: this.registry, log: new PredictionLog(o.db), clock: o.clock, baseline: this.baseline, interval: o.interval ?? '1d', health: this.health,
      ...(o.stopwatch === undefined ? {} : { stopwatch: o.stopwatch }),
    });
  }

  /** Model operations on `db` (registry state is read back from it, so a restart keeps deployments, disables and breakers). */
  static open(options: ModelOpsOptions): ModelOps {
    return new ModelOps(options);
  }

  /** Resolves outcomes whose horizon has passed by now, then the losing-run breakers and the rollback gate. */
  resolve(): ResolveReport {
    const counts = this.#resolver.resolve(this.#clock.now());
    const losingRuns: string[] = [];
    // Runs and the gate can only change when an outcome arrived.
    if (counts.resolved === 0) return { ...counts, losingRuns, rolledBack: null };
    const s = this.registry.serving;
    for (const v of [s.champion, s.challenger].filter((x) => x !== undefined)) {
      if (v.breaker.state === 'open') continue;
      const run = this.#losingRun(v.version);
      if (run === undefined) continue;
      this.registry.openBreaker(v.version, 'losing-run', run);
      losingRuns.push(v.version);
    }
    return { ...counts, losingRuns, rolledBack: this.#applyRollbackGate() };
  }

  /** Live figures of a version (null: the fallback). */
  liveMetrics(version: string | null): LiveMetrics {
    return liveMetrics(this.#db, { model: this.registry.model, version, specHash: this.#specHash });
  }

  /** Rolling precision and Brier over time. */
  metricSeries(version: string | null, window = 50, step = 5): MetricPoint[] {
    return metricSeries(this.#db, { model: this.registry.model, version, specHash: this.#specHash }, window, step);
  }

  reliability(version: string | null, bins = 10): Reliability {
    const rs = resolvedPredictions(this.#db, { model: this.registry.model, version, specHash: this.#specHash });
    return { version, resolved: rs.length, bins: reliabilityCurve(rs, bins), calibrationError: scoreResolved(rs).ece };
  }

  /** PSI of the version's recent inputs and scores against its training reference; undefined if it is not loaded. */
  drift(version: string): DriftReport | undefined {
    const v = this.#serving(version);
    if (v === undefined) return undefined;
    return versionDrift(this.#db, this.registry.model, version, v.loaded.reference, this.health);
  }

  /** Permutation importance (Brier) of a serving version on its latest `limit` resolved predictions. */
  importance(version: string, options: { limit?: number; seed?: number; minSamples?: number } = {}): VersionImportance {
    const v = this.#serving(version);
    const names = v?.loaded.manifest.inputNames ?? [];
    if (v === undefined) return { version, samples: 0, metric: 'brier', features: [], reason: `${version} is not serving, so it cannot be re-scored` };
    const rs = resolvedPredictions(this.#db, { model: this.registry.model, version, specHash: this.#specHash, limit: options.limit ?? 200 });
    const min = options.minSamples ?? 20;
    if (rs.length < min) return { version, samples: rs.length, metric: 'brier', features: [], reason: `${rs.length} resolved predictions; importance needs ${min}` };
    const dims = v.loaded.ensemble.dims;
    const rows = new Float64Array(rs.length * dims);
    rs.forEach((r, i) => (JSON.parse(r.inputs) as (number | null)[]).forEach((x, j) => {
      rows[i * dims + j] = x ?? Number.NaN;
    }));
    const labels = Uint8Array.from(rs, (r) => r.label);
    return { version, samples: rs.length, metric: 'brier', features: permutationImportance(v.loaded.ensemble, names, rows, labels, { seed: options.seed ?? 11 }), reason: null };
  }

  abComparison(options: AbOptions = {}): AbComparison {
    return compareAb(this.#db, this.registry.model, this.#specHash, options);
  }

  uptime(since?: number): Uptime {
    return modelUptime(this.#db, this.registry.model, since);
  }

  /**
   * Writes one `model_metrics` row per serving version and one for the fallback, stamped now.
   * @returns the live figures it stored, per version (null: the fallback), for a caller that also pushes them.
   */
  recordSnapshot(): ReadonlyMap<string | null, LiveMetrics> {
    const s = this.registry.serving;
    const versions: (string | null)[] = [...[s.champion, s.challenger, ...s.shadows].flatMap((v) => (v === undefined ? [] : [v.version])), null];
    const up = this.uptime();
    const insert = this.#db.prepare(`INSERT INTO model_metrics (at, model, version, predictions, resolved, signals, precision, brier, ece, uptime, reliability, drift)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const figures = new Map<string | null, LiveMetrics>();
    this.#db.transaction(() => {
      for (const version of versions) {
        // One read of the resolved predictions serves the live figures and the reliability curve.
        const f = { model: this.registry.model, version, specHash: this.#specHash };
        const rs = resolvedPredictions(this.#db, f);
        const m = liveMetrics(this.#db, f, rs);
        figures.set(version, m);
        const drift = version === null ? undefined : this.drift(version);
        insert.run(this.#clock.now(), this.registry.model, version, m.predictions, m.resolved, m.signals, m.precision, m.brier, m.ece, up.share,
          JSON.stringify(reliabilityCurve(rs, 10)), drift === undefined ? null : JSON.stringify({ worst: drift.worst, samples: drift.samples }));
      }
    })();
    return figures;
  }

  overview(): ModelOpsOverview {
    const source = this.router.source;
    return {
      model: this.registry.view(),
      allDisabledReason: this.registry.allDisabledReason() ?? null,
      fallbackReason: source.kind === 'baseline' ? source.reason : null,
      uptime: this.uptime(),
      alerts: this.registry.events(200).filter((e) => ALERT_KINDS.has(e.kind)),
    };
  }

  /** Calls `listener` after every registry change (deploys, breakers, alerts); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    return this.registry.onChange(listener);
  }

  /** The serving version (champion, challenger or shadow) named `version`, if it is loaded. */
  #serving(version: string): ServingVersion | undefined {
    const s = this.registry.serving;
    return [s.champion, s.challenger, ...s.shadows].find((x) => x?.version === version);
  }

  #losingRun(version: string): string | undefined {
    const n = this.health.losingRun;
    const after = predictionsAfterReclose(this.#db, this.registry.model, version);
    const rs = resolvedPredictions(this.#db, { model: this.registry.model, version, specHash: this.#specHash, actedOnly: true, limit: n }).filter((r) => r.id > after);
    if (rs.length < n || rs.some((r) => r.exitReason !== 'stop')) return undefined;
    return `${this.registry.model} ${version}: its last ${n} taken signals all hit their stop`;
  }

  /** The latest deployment (challenger, else a champion that replaced one) is rolled back if its live precision is under the gate. */
  #applyRollbackGate(): string | null {
    const view = this.registry.view();
    const latest = view.versions.find((v) => v.version === view.challenger) ?? view.versions.find((v) => v.status === 'champion' && v.deployedAt !== null);
    if (latest === undefined || latest.deployedAt === null) return null;
    if (latest.status === 'champion' && this.#db.prepare<[string, string], { replaced: string | null }>('SELECT replaced FROM model_versions WHERE model = ? AND version = ?').get(view.model, latest.version)?.replaced == null) return null;
    const rs = resolvedPredictions(this.#db, { model: view.model, version: latest.version, specHash: this.#specHash, actedOnly: true, since: latest.deployedAt });
    if (rs.length < this.#gate.minResolved) return null;
    const precision = scoreResolved(rs).precision ?? 0;
    if (precision >= this.#gate.minPrecision) return null;
    const rolled = this.registry.rollback('system', `${view.model} ${latest.version}: live precision ${precision.toFixed(3)} over ${rs.length} resolved signals is below the gate ${this.#gate.minPrecision}`, 'auto-rollback');
    return rolled.ok ? rolled.value.retired : null;
  }
}
