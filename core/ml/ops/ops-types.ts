import type { EpochMs } from '../../market/units.js';
import type { Manifest } from '../artifact/manifest.js';

/** The model name the shipped breakout ensemble is registered under. */
export const BREAKOUT_MODEL = 'breakout';

/** Where a version stands: refused at registration, waiting, serving (as champion, challenger or shadow), or retired. */
export type VersionStatus = 'registered' | 'refused' | 'champion' | 'challenger' | 'shadow' | 'retired';

/** Who answered one request; 'fallback' is the rule-based baseline. */
export type ServingRole = 'champion' | 'challenger' | 'shadow' | 'fallback';

/** What opened a breaker. */
export type BreakerTrip = 'nan' | 'out-of-range' | 'invalid-input' | 'latency' | 'drift' | 'losing-run';

/** A trader's action, or the desk's own (breaker trips, drift alerts, automatic rollbacks). */
export type Actor = 'trader' | 'system';

/** A version's circuit breaker: open means the fallback answers in its place until the trader re-closes it. */
export interface BreakerView {
  readonly state: 'closed' | 'open';
  readonly trip: BreakerTrip | null;
  readonly reason: string | null;
  readonly openedAt: EpochMs | null;
}

/** One registered (or refused) version as the registry keeps it. */
export interface ModelVersionView {
  readonly model: string;
  readonly version: string;
  readonly dir: string;
  readonly status: VersionStatus;
  /** Share of symbol-days a challenger answers; 1 for the champion, 0 otherwise. */
  readonly trafficShare: number;
  readonly registeredAt: EpochMs;
  readonly deployedAt: EpochMs | null;
  /** Why registration refused it, in words a trader can act on. */
  readonly refusedReason: string | null;
  /** Null only for a refused version whose manifest could not be read. */
  readonly manifest: Manifest | null;
  /** What validation measured (golden vector error, gates), null when refused before validating. */
  readonly validation: ValidationReport | null;
  readonly disabled: boolean;
  readonly breaker: BreakerView;
}

/** A model and what of it serves now. */
export interface ModelView {
  readonly model: string;
  readonly disabled: boolean;
  readonly disabledReason: string | null;
  readonly champion: string | null;
  readonly challenger: string | null;
  readonly shadows: readonly string[];
  readonly versions: readonly ModelVersionView[];
}

/** What validating a version measured. */
export interface ValidationReport {
  /** Largest |probability − stored golden output| over the golden vectors. */
  readonly goldenMaxError: number;
  readonly goldenVectors: number;
  /** Each metric gate against the champion at registration (none when there was no champion). */
  readonly gates: readonly GateCheck[];
}

/** One metric of a candidate against the champion's. */
export interface GateCheck {
  readonly metric: string;
  readonly candidate: number | null;
  readonly champion: number | null;
  readonly passed: boolean;
  readonly rule: string;
}

/** The kinds of audited model events. */
export type ModelEventKind =
  | 'registered' | 'refused' | 'deployed-champion' | 'deployed-challenger' | 'deployed-shadow' | 'promoted' | 'rolled-back'
  | 'disabled' | 'enabled' | 'disabled-all' | 'enabled-all' | 'breaker-opened' | 'breaker-closed' | 'drift-alert' | 'auto-rollback';

/** One row of the model audit trail. */
export interface ModelEvent {
  readonly id: number;
  readonly at: EpochMs;
  readonly model: string | null;
  readonly version: string | null;
  readonly kind: ModelEventKind;
  readonly actor: Actor;
  readonly reason: string;
  readonly detail: Readonly<Record<string, unknown>> | null;
}
