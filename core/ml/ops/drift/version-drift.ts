import type { Db } from '../../../storage/open-database.js';
import type { HealthPolicy } from '../breaker/health-policy.js';
import type { DriftReference } from './drift-reference.js';
import { binShares, psi } from './psi.js';

/** PSI of a version's recent live inputs and scores against its training reference. */
export interface DriftReport {
  readonly model: string;
  readonly version: string;
  readonly samples: number;
  readonly alertPsi: number;
  /** One per input column; psi null for a column the reference has no spread on (e.g. always 0). */
  readonly features: readonly { readonly feature: string; readonly psi: number | null; readonly alert: boolean }[];
  readonly score: { readonly psi: number | null; readonly alert: boolean };
  /** The largest PSI and where, or null with too few samples. */
  readonly worst: { readonly name: string; readonly psi: number } | null;
  /** Why nothing was computed (too few predictions), else null. */
  readonly reason: string | null;
}

/**
 * The id of the last prediction logged before the trader last re-closed `version`'s breaker (0 when never
 * re-closed): health checks (drift, losing runs) count only predictions after it.
 */
export function predictionsAfterReclose(db: Db, model: string, version: string): number {
  return db.prepare<[string, string], { after: number | null }>(
    "SELECT json_extract(detail, '$.afterPrediction') AS after FROM model_events WHERE model = ? AND version = ? AND kind = 'breaker-closed' ORDER BY id DESC LIMIT 1",
  ).get(model, version)?.after ?? 0;
}

/**
 * The latest `window` predictions `version` made (acting or shadow) since its breaker was last re-closed, so a
 * trader's re-close starts the comparison afresh instead of re-tripping on the inputs that opened it.
 */
export function versionDrift(db: Db, model: string, version: string, reference: DriftReference, policy: Pick<HealthPolicy, 'driftWindow' | 'driftMinSamples' | 'driftAlertPsi'>): DriftReport {
  const o = { window: policy.driftWindow, minSamples: policy.driftMinSamples, alertPsi: policy.driftAlertPsi };
  const after = predictionsAfterReclose(db, model, version);
  const rows = db.prepare<[string, string, number, number], { inputs: string; probability: number | null }>(
    'SELECT inputs, probability FROM predictions WHERE model = ? AND version = ? AND id > ? ORDER BY id DESC LIMIT ?',
  ).all(model, version, after, o.window);
  const empty = (reason: string): DriftReport => ({
    model, version, samples: rows.length, alertPsi: o.alertPsi, reason, worst: null,
    features: reference.inputNames.map((feature) => ({ feature, psi: null, alert: false })), score: { psi: null, alert: false },
  });
  if (rows.length < o.minSamples) return empty(`${rows.length} predictions since the last reset; drift is measured from ${o.minSamples}`);
  const parsed = rows.map((r) => (JSON.parse(r.inputs) as (number | null)[]).map((x) => x ?? Number.NaN));
  let worst: { name: string; psi: number } | null = null;
  const features = reference.inputNames.map((feature, j) => {
    const h = reference.inputs[j];
    if (h === undefined || h.cuts.length === 0) return { feature, psi: null, alert: false };
    const value = psi(h.shares, binShares(h.cuts, parsed.map((r) => r[j] ?? Number.NaN)));
    if (worst === null || value > worst.psi) worst = { name: feature, psi: value };
    return { feature, psi: value, alert: value > o.alertPsi };
  });
  const scoreValue = psi(reference.score.shares, binShares(reference.score.cuts, rows.map((r) => r.probability ?? Number.NaN)));
  if (worst === null || scoreValue > (worst as { psi: number }).psi) worst = { name: 'score', psi: scoreValue };
  return { model, version, samples: rows.length, alertPsi: o.alertPsi, features, score: { psi: scoreValue, alert: scoreValue > o.alertPsi }, worst, reason: null };
}
