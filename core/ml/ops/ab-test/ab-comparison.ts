import type { Db } from '../../../storage/open-database.js';
import { seededUniform } from '../../../util/seeded-random.js';
import { bootstrap, percentile } from '../../evaluation/bootstrap.js';
import { resolvedPredictions, scoreResolved, type ResolvedPrediction } from '../tracking/version-metrics.js';

/** One arm of an A/B test. */
export interface AbArm {
  readonly version: string;
  readonly role: 'champion' | 'challenger';
  readonly resolved: number;
  readonly precision: number | null;
  /** Percentile bootstrap interval of the precision at `level`. */
  readonly low: number | null;
  readonly high: number | null;
  readonly brier: number | null;
}

/** Champion against challenger on the resolved predictions each answered during the test. */
export interface AbComparison {
  readonly model: string;
  /** The `ab_tests` row compared, or null when the model never ran one. */
  readonly testId: number | null;
  readonly status: 'running' | 'promoted' | 'rolled-back' | 'ended' | null;
  readonly share: number | null;
  readonly level: number;
  readonly arms: readonly AbArm[];
  /** Challenger − champion precision with its bootstrap interval; null until both arms have resolved predictions. */
  readonly difference: { readonly value: number; readonly low: number; readonly high: number } | null;
  /** Two-sided two-proportion z test of equal precision. */
  readonly pValue: number | null;
  readonly significant: boolean;
  readonly reason: string | null;
}

export interface AbOptions {
  readonly level?: number;
  readonly resamples?: number;
  readonly seed?: number;
}

const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf), enough for a p-value. */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Two-sided p-value of the pooled two-proportion z test; null when undefined (an empty arm, or no variance). */
export function twoProportionPValue(wins1: number, n1: number, wins2: number, n2: number): number | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (wins1 + wins2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (wins2 / n2 - wins1 / n1) / se;
  return 2 * (1 - normalCdf(Math.abs(z)));
}

function arm(version: string, role: AbArm['role'], rs: readonly ResolvedPrediction[], o: Required<AbOptions>, seed: number): AbArm {
  const s = scoreResolved(rs);
  const ci = bootstrap(rs.length, (idx) => {
    let w = 0;
    for (let i = 0; i < idx.length; i++) w += (rs[idx[i] as number] as ResolvedPrediction).label;
    return idx.length === 0 ? Number.NaN : w / idx.length;
  }, { seed, resamples: o.resamples, level: o.level });
  return { version, role, resolved: rs.length, precision: s.precision, low: nullable(ci.low), high: nullable(ci.high), brier: s.brier };
}

/** Bootstrap interval of the difference of two arms' precisions (each arm resampled on its own). */
function differenceInterval(a: readonly ResolvedPrediction[], b: readonly ResolvedPrediction[], o: Required<AbOptions>): { low: number; high: number } {
  const rnd = seededUniform(o.seed + 2);
  const mean = (rs: readonly ResolvedPrediction[]): number => {
    let w = 0;
    for (let i = 0; i < rs.length; i++) w += (rs[Math.floor(rnd() * rs.length)] as ResolvedPrediction).label;
    return w / rs.length;
  };
  const draws: number[] = [];
  for (let r = 0; r < o.resamples; r++) draws.push(mean(b) - mean(a));
  draws.sort((x, y) => x - y);
  return { low: percentile(draws, (1 - o.level) / 2), high: percentile(draws, (1 + o.level) / 2) };
}

/**
 * Compares the arms of the model's latest A/B test on the predictions each ACTED on since the test started,
 * resolved from later bars: precision with a percentile bootstrap interval per arm, the difference with its
 * interval, and a two-proportion z test. Breakouts overlap in time, so the intervals are somewhat narrow.
 */
export function compareAb(db: Db, model: string, specHash: string, options: AbOptions = {}): AbComparison {
  const o: Required<AbOptions> = { level: options.level ?? 0.95, resamples: options.resamples ?? 1000, seed: options.seed ?? 7 };
  const test = db.prepare<[string], { id: number; champion: string; challenger: string; share: number; started_at: number; status: AbComparison['status'] }>(
    'SELECT id, champion, challenger, share, started_at, status FROM ab_tests WHERE model = ? ORDER BY id DESC LIMIT 1',
  ).get(model);
  if (test === undefined) return { model, testId: null, status: null, share: null, level: o.level, arms: [], difference: null, pValue: null, significant: false, reason: `${model} has run no A/B test` };
  const read = (version: string): ResolvedPrediction[] => resolvedPredictions(db, { model, version, specHash, actedOnly: true, since: test.started_at });
  const a = read(test.champion);
  const b = read(test.challenger);
  const arms = [arm(test.champion, 'champion', a, o, o.seed), arm(test.challenger, 'challenger', b, o, o.seed + 1)];
  const base = { model, testId: test.id, status: test.status, share: test.share, level: o.level, arms };
  if (a.length === 0 || b.length === 0) return { ...base, difference: null, pValue: null, significant: false, reason: 'both arms need resolved predictions' };
  const wa = a.reduce((s, r) => s + r.label, 0);
  const wb = b.reduce((s, r) => s + r.label, 0);
  const interval = differenceInterval(a, b, o);
  const pValue = twoProportionPValue(wa, a.length, wb, b.length);
  return { ...base, difference: { value: wb / b.length - wa / a.length, ...interval }, pValue, significant: pValue !== null && pValue < 1 - o.level, reason: null };
}
