import type { EnsembleOutput } from '../../models/ensemble-types.js';
import { PSI_ALERT } from '../drift/psi.js';
import type { BreakerTrip } from '../ops-types.js';

/** When a model's breaker opens. */
export interface HealthPolicy {
  /** A prediction slower than this opens the breaker (the ticket's bar is 100 ms). */
  readonly latencyBudgetMs: number;
  /** PSI (any input column, or the score) above which a drift alert is raised. */
  readonly driftAlertPsi: number;
  /** PSI above which the breaker opens. */
  readonly driftBreakerPsi: number;
  /** Live predictions compared with the training reference (the latest this many). */
  readonly driftWindow: number;
  /** Drift is checked once a version has this many predictions in its window, and then every `driftEvery`. */
  readonly driftMinSamples: number;
  readonly driftEvery: number;
  /** This many taken trades in a row that hit their stop open the breaker. */
  readonly losingRun: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  latencyBudgetMs: 100,
  driftAlertPsi: PSI_ALERT,
  // Far above the alert level: on the shared daily data, 2011-2013 large caps already sit at PSI 2-3 on atrPct
  // against the 1962-2009 training mix (a real regime difference worth an alert, not a reason to stop the model).
  driftBreakerPsi: 5,
  driftWindow: 100,
  driftMinSamples: 50,
  driftEvery: 10,
  // Breakouts cluster (a market-wide drop fires on many symbols the same day), so runs of stops are common on
  // real data: 12 in a row happened within 18 months of 12 large caps. Thirty is a broken model, not a bad week.
  losingRun: 30,
};

/** Why one answer cannot be trusted: the breaker trip and a reason a trader can read. */
export interface HealthTrip {
  readonly trip: BreakerTrip;
  readonly reason: string;
}

/**
 * Inputs the model must not be asked about: a close or ATR that is not a positive finite number, or a row
 * where most columns are missing (a broken feature pipeline rather than one cold field).
 */
export function inputTrip(close: number, atr: number, row: Float64Array): HealthTrip | undefined {
  if (!(close > 0 && Number.isFinite(close))) return { trip: 'invalid-input', reason: `invalid input: close ${close} is not a positive price` };
  if (!(atr > 0 && Number.isFinite(atr))) return { trip: 'invalid-input', reason: `invalid input: ATR ${atr} is not positive and finite` };
  let missing = 0;
  for (let i = 0; i < row.length; i++) if (Number.isNaN(row[i] as number)) missing++;
  if (missing > row.length / 2) return { trip: 'invalid-input', reason: `invalid input: ${missing} of ${row.length} model inputs are missing` };
  return undefined;
}

/** An output that is not a probability, or came too late. */
export function outputTrip(out: EnsembleOutput, latencyMs: number, policy: HealthPolicy): HealthTrip | undefined {
  for (const key of ['probability', 'nnProbability', 'svmProbability', 'support'] as const) {
    const v = out[key];
    if (!Number.isFinite(v)) return { trip: 'nan', reason: `output ${key} is ${v}` };
    if (v < 0 || v > 1) return { trip: 'out-of-range', reason: `output ${key} ${v} is outside 0..1` };
  }
  if (latencyMs > policy.latencyBudgetMs) return { trip: 'latency', reason: `prediction took ${latencyMs.toFixed(1)} ms, over the ${policy.latencyBudgetMs} ms budget` };
  return undefined;
}
