import type { Manifest } from '../../artifact/manifest.js';
import type { GateCheck } from '../ops-types.js';

/** How much worse than the champion a candidate's out-of-sample figures may be. */
export interface MetricGates {
  /** AUC may drop by at most this much. */
  readonly maxAucDrop: number;
  /** Brier score may rise by at most this much. */
  readonly maxBrierRise: number;
}

export const DEFAULT_METRIC_GATES: MetricGates = { maxAucDrop: 0.02, maxBrierRise: 0.01 };

const valueOf = (m: Manifest, key: string): number | null => m.metrics[key]?.value ?? null;

/**
 * The candidate's headline AUC and Brier on every test set the champion also reports, against the champion's.
 * A metric either side lacks is reported, not failed: gates compare like with like.
 */
export function checkMetricGates(candidate: Manifest, champion: Manifest, gates: MetricGates = DEFAULT_METRIC_GATES): GateCheck[] {
  const checks: GateCheck[] = [];
  for (const key of Object.keys(champion.metrics).sort()) {
    const auc = key.endsWith('.ensemble.auc');
    if (!auc && !key.endsWith('.ensemble.brier')) continue;
    const c = valueOf(candidate, key);
    const ch = valueOf(champion, key);
    const rule = auc ? `at least the champion's − ${gates.maxAucDrop}` : `at most the champion's + ${gates.maxBrierRise}`;
    const passed = c === null || ch === null ? true : auc ? c >= ch - gates.maxAucDrop : c <= ch + gates.maxBrierRise;
    checks.push({ metric: key, candidate: c, champion: ch, passed, rule });
  }
  return checks;
}

/** A refusal sentence for the failed gates, or undefined when all passed. */
export function gateRefusal(version: string, champion: string, checks: readonly GateCheck[]): string | undefined {
  const failed = checks.filter((g) => !g.passed);
  if (failed.length === 0) return undefined;
  return `model ${version}: worse than champion ${champion} on ${failed.map((g) => `${g.metric} ${g.candidate?.toFixed(4) ?? '?'} vs ${g.champion?.toFixed(4) ?? '?'} (must be ${g.rule})`).join('; ')}`;
}
