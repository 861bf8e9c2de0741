import type { Manifest } from '../../artifact/manifest.js';
import type { EpochMs } from '../../../market/units.js';
import type { BreakerTrip, ModelEvent, ModelEventKind, ModelVersionView, ValidationReport, VersionStatus } from '../ops-types.js';

/** A `model_versions` row as SQLite returns it. */
export interface VersionRow {
  model: string;
  version: string;
  dir: string;
  manifest: string | null;
  validation: string | null;
  status: VersionStatus;
  refused_reason: string | null;
  traffic_share: number;
  registered_at: number;
  deployed_at: number | null;
  replaced: string | null;
  disabled: number;
  breaker_state: 'closed' | 'open';
  breaker_trip: BreakerTrip | null;
  breaker_reason: string | null;
  breaker_at: number | null;
}

/** The view of a row (JSON columns parsed: they were written by the registry from validated values). */
export function versionView(r: VersionRow): ModelVersionView {
  return {
    model: r.model,
    version: r.version,
    dir: r.dir,
    status: r.status,
    trafficShare: r.traffic_share,
    registeredAt: r.registered_at as EpochMs,
    deployedAt: r.deployed_at as EpochMs | null,
    refusedReason: r.refused_reason,
    manifest: r.manifest === null ? null : (JSON.parse(r.manifest) as Manifest),
    validation: r.validation === null ? null : (JSON.parse(r.validation) as ValidationReport),
    disabled: r.disabled === 1,
    breaker: { state: r.breaker_state, trip: r.breaker_trip, reason: r.breaker_reason, openedAt: r.breaker_at as EpochMs | null },
  };
}

/** A `model_events` row as SQLite returns it. */
export interface EventRow {
  id: number;
  at: number;
  model: string | null;
  version: string | null;
  kind: ModelEventKind;
  actor: 'trader' | 'system';
  reason: string;
  detail: string | null;
}

export function eventView(r: EventRow): ModelEvent {
  return { ...r, at: r.at as EpochMs, detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>) };
}
