import type {
  AbComparisonDto,
  DriftDto,
  FeatureImportanceDto,
  ModelAlertDto,
  ModelOpsOverview as OverviewDto,
  ModelVersionDto,
  ReliabilityDto,
} from '../contract/model-ops-schemas.js';
import type { AbComparison } from '../ml/ops/ab-test/ab-comparison.js';
import type { DriftReport } from '../ml/ops/drift/version-drift.js';
import type { ModelOps, Reliability, VersionImportance } from '../ml/ops/model-ops.js';
import type { ModelEvent, ModelVersionView } from '../ml/ops/ops-types.js';
import type { LiveMetrics } from '../ml/ops/tracking/version-metrics.js';

/** Alerts an overview carries; the audit trail keeps the rest. */
export const MAX_OVERVIEW_ALERTS = 50;

/** Manifest headline figures by name (`later-years.ensemble.brier` …), each its point estimate. */
function manifestMetrics(v: ModelVersionView): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [name, e] of Object.entries(v.manifest?.metrics ?? {})) out[name] = e.value !== null && Number.isFinite(e.value) ? e.value : null;
  return out;
}

export function liveDto(m: LiveMetrics): ModelVersionDto['live'] {
  return { predictions: m.predictions, resolved: m.resolved, signals: m.signals, precision: m.precision, brier: m.brier, ece: m.ece, meanLatencyMs: m.meanLatencyMs };
}

export function versionDto(v: ModelVersionView, live: LiveMetrics): ModelVersionDto {
  return {
    version: v.version,
    status: v.status,
    trafficShare: v.trafficShare,
    registeredAt: v.registeredAt,
    refusedReason: v.refusedReason,
    manifestMetrics: manifestMetrics(v),
    live: liveDto(live),
    breaker: { state: v.breaker.state, trip: v.breaker.trip, reason: v.breaker.reason, openedAt: v.breaker.openedAt },
  };
}

function alertDto(e: ModelEvent): ModelAlertDto {
  return { at: e.at, model: e.model === '*' || e.model === null ? 'all' : e.model, version: e.version, kind: e.kind, message: e.reason };
}

/**
 * The registry as the dashboard reads it. `servingNote` overrides the fallback when this desk does not route
 * through the registry at all (it trades another interval than the model's, or a test injected a predictor).
 */
export function overviewDto(ops: ModelOps, at: number, servingNote: string | undefined): OverviewDto {
  const o = ops.overview();
  const reason = servingNote ?? fallbackNow(ops);
  return {
    at,
    allDisabled: o.allDisabledReason !== null,
    allDisabledReason: o.allDisabledReason,
    fallback: { active: reason !== null, reason },
    uptime: { requests: o.uptime.requests, healthy: o.uptime.healthy, share: o.uptime.share },
    models: [{
      model: o.model.model,
      disabled: o.model.disabled,
      disabledReason: o.model.disabledReason,
      champion: o.model.champion,
      challenger: o.model.challenger,
      versions: o.model.versions.map((v) => versionDto(v, ops.liveMetrics(v.version))),
    }],
    alerts: o.alerts.slice(0, MAX_OVERVIEW_ALERTS).map(alertDto),
  };
}

/**
 * Why the fallback answers now, or null when a model does. Read from the deployment itself rather than the
 * router's latest answer, which is stale until the next breakout event (a deploy between events would still
 * show 'no champion'); the latest answer counts only when it fell back for a reason the deployment cannot
 * show (a breaker that opened on that very answer is in the deployment too).
 */
export function fallbackNow(ops: ModelOps): string | null {
  const s = ops.registry.serving;
  if (s.blocked !== undefined) return s.blocked;
  const champion = s.champion;
  if (champion === undefined) {
    const broken = [...s.unavailable.values()];
    return broken.length > 0 ? `the deployed ${s.model} version cannot load: ${broken.join('; ')}` : `no champion of ${s.model} deployed`;
  }
  if (champion.disabled) return `${s.model} ${champion.version} is disabled`;
  if (champion.breaker.state === 'open') return `${s.model} ${champion.version} breaker open (${champion.breaker.trip ?? ''}): ${champion.breaker.reason ?? ''}`;
  return null;
}

export function reliabilityDto(model: string, version: string, r: Reliability): ReliabilityDto {
  return { model, version, resolved: r.resolved, bins: r.bins.map((b) => ({ ...b })), calibrationError: r.calibrationError };
}

export function importanceDto(model: string, r: VersionImportance): FeatureImportanceDto {
  return { model, version: r.version, samples: r.samples, metric: r.metric, features: r.features.map((f) => ({ feature: f.feature, importance: f.importance, std: Number.isFinite(f.std) ? f.std : null })), reason: r.reason };
}

export function driftDto(d: DriftReport): DriftDto {
  return {
    model: d.model, version: d.version, threshold: d.alertPsi, samples: d.samples,
    features: d.features.map((f) => ({ feature: f.feature, psi: f.psi, alert: f.alert })),
    score: { psi: d.score.psi, alert: d.score.alert }, reason: d.reason,
  };
}

export function abDto(a: AbComparison): AbComparisonDto {
  return {
    model: a.model, status: a.status, share: a.share, level: a.level,
    arms: a.arms.map((x) => ({ version: x.version, role: x.role, resolved: x.resolved, precision: x.precision, low: x.low, high: x.high, brier: x.brier })),
    difference: a.difference === null ? null : { ...a.difference }, pValue: a.pValue, significant: a.significant, reason: a.reason,
  };
}
