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
  const reason = servingNote ?? o.allDisabledReason ?? o.fallbackReason;
  return {
    at,
    allDisabled: o.allDisabledReason !== null,
    allDisabledReason: o.allDisabledReason,
    fallback: { active: servingNote !== undefined || o.allDisabledReason !== null || o.fallbackReason !== null, reason },
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
