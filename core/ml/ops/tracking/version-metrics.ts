import type { EpochMs } from '../../../market/units.js';
import type { Db } from '../../../storage/open-database.js';
import { brierScore, ECE_BINS, expectedCalibrationError } from '../../evaluation/calibration-metrics.js';

/** One resolved prediction of a version (or of the fallback when version is null). */
export interface ResolvedPrediction {
  readonly id: number;
  readonly barTime: EpochMs;
  readonly probability: number;
  readonly label: 0 | 1;
  readonly exitReason: 'target' | 'stop' | 'timeout';
  readonly acted: boolean;
  readonly inputs: string;
}

/** Which predictions to read: one version's (null = the fallback's), optionally acting ones only and from a row id on. */
export interface PredictionFilter {
  readonly model: string;
  readonly version: string | null;
  readonly specHash: string;
  readonly actedOnly?: boolean;
  /** Only predictions logged at or after this time (an A/B test's start). */
  readonly since?: number;
  /** The latest N resolved (default all). */
  readonly limit?: number;
}

/** Resolved predictions oldest first (by event bar time). */
export function resolvedPredictions(db: Db, f: PredictionFilter): ResolvedPrediction[] {
  const rows = db.prepare<[{ model: string; version: string | null; spec: string; acted: number; since: number; limit: number }], { id: number; barTime: number; probability: number; label: 0 | 1; exitReason: ResolvedPrediction['exitReason']; acted: number; inputs: string }>(
    `SELECT p.id, p.bar_time AS barTime, p.probability, o.label, o.exit_reason AS exitReason, p.acted, p.inputs FROM predictions p
     JOIN outcomes o ON o.symbol = p.symbol AND o.interval = p.interval AND o.bar_time = p.bar_time AND o.label_spec_hash = @spec
     WHERE p.model = @model AND (p.version = @version OR (@version IS NULL AND p.version IS NULL)) AND p.probability IS NOT NULL
       AND (@acted = 0 OR p.acted = 1) AND p.at >= @since
     ORDER BY p.bar_time DESC, p.id DESC LIMIT @limit`,
  ).all({ model: f.model, version: f.version, spec: f.specHash, acted: f.actedOnly === true ? 1 : 0, since: f.since ?? Number.MIN_SAFE_INTEGER, limit: f.limit ?? -1 });
  return rows.reverse().map((r) => ({ ...r, barTime: r.barTime as EpochMs, acted: r.acted === 1 }));
}

/** Live figures of one version. */
export interface LiveMetrics {
  readonly predictions: number;
  readonly resolved: number;
  /** Predictions it made that were (or, for a shadow, would have been) proposed: every event it scored. */
  readonly signals: number;
  /** Share of its resolved signals that reached the target; null before any resolved. */
  readonly precision: number | null;
  readonly brier: number | null;
  readonly ece: number | null;
  readonly meanLatencyMs: number | null;
}

/** Precision, Brier and ECE of resolved predictions (nulls for none). */
export function scoreResolved(rs: readonly ResolvedPrediction[]): { precision: number | null; brier: number | null; ece: number | null } {
  if (rs.length === 0) return { precision: null, brier: null, ece: null };
  const p = Float64Array.from(rs, (r) => r.probability);
  const y = Uint8Array.from(rs, (r) => r.label);
  return { precision: y.reduce((a, b) => a + b, 0) / y.length, brier: brierScore(p, y), ece: expectedCalibrationError(p, y) };
}

/** The live figures of `version` (null: the fallback) over all its predictions; `rs` when the caller already read them. */
export function liveMetrics(db: Db, f: PredictionFilter, rs: readonly ResolvedPrediction[] = resolvedPredictions(db, f)): LiveMetrics {
  const counts = db.prepare<[{ model: string; version: string | null }], { n: number; latency: number | null }>(
    'SELECT count(*) AS n, avg(latency_ms) AS latency FROM predictions WHERE model = @model AND (version = @version OR (@version IS NULL AND version IS NULL))',
  ).get({ model: f.model, version: f.version }) ?? { n: 0, latency: null };
  return { predictions: counts.n, resolved: rs.length, signals: counts.n, ...scoreResolved(rs), meanLatencyMs: counts.latency };
}

/** Rolling figures at one point of time. */
export interface MetricPoint {
  /** Bar time of the latest resolved event in the window. */
  readonly time: EpochMs;
  readonly resolved: number;
  readonly precision: number | null;
  readonly brier: number | null;
}

/** Rolling precision and Brier over the last `window` resolved predictions, one point every `step` resolutions. */
export function metricSeries(db: Db, f: PredictionFilter, window = 50, step = 5): MetricPoint[] {
  const rs = resolvedPredictions(db, f);
  const ends: number[] = [];
  for (let e = step; e < rs.length; e += step) ends.push(e);
  if (rs.length > 0) ends.push(rs.length);
  return ends.map((end) => {
    const slice = rs.slice(Math.max(0, end - window), end);
    const s = scoreResolved(slice);
    return { time: (slice.at(-1) as ResolvedPrediction).barTime, resolved: slice.length, precision: s.precision, brier: s.brier };
  });
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly meanPredicted: number | null;
  readonly observed: number | null;
  readonly count: number;
}

/** The reliability curve: predicted probability against the observed success rate, in equal-width bins. */
export function reliabilityCurve(rs: readonly ResolvedPrediction[], bins = ECE_BINS): ReliabilityBin[] {
  const sums = Array.from({ length: bins }, () => ({ p: 0, y: 0, n: 0 }));
  for (const r of rs) {
    const b = sums[Math.min(bins - 1, Math.max(0, Math.floor(r.probability * bins)))] as { p: number; y: number; n: number };
    b.p += r.probability;
    b.y += r.label;
    b.n++;
  }
  return sums.map((s, i) => ({ lower: i / bins, upper: (i + 1) / bins, meanPredicted: s.n === 0 ? null : s.p / s.n, observed: s.n === 0 ? null : s.y / s.n, count: s.n }));
}

/** Requests answered by a healthy model rather than the fallback. */
export interface Uptime {
  readonly requests: number;
  readonly healthy: number;
  /** healthy / requests; null before any request. The ticket's bar is 0.999. */
  readonly share: number | null;
}

/** Uptime over acting predictions of `model` logged at or after `since`. */
export function modelUptime(db: Db, model: string, since = Number.MIN_SAFE_INTEGER): Uptime {
  const r = db.prepare<[string, number], { n: number; healthy: number | null }>(
    "SELECT count(*) AS n, sum(role <> 'fallback') AS healthy FROM predictions WHERE model = ? AND acted = 1 AND at >= ?",
  ).get(model, since) ?? { n: 0, healthy: 0 };
  const healthy = r.healthy ?? 0;
  return { requests: r.n, healthy, share: r.n === 0 ? null : healthy / r.n };
}
