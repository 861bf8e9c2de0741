import path from 'node:path';
import type { EpochMs } from '../../../market/units.js';
import type { Db } from '../../../storage/open-database.js';
import type { Clock } from '../../../time/clock.js';
import { err, ok, type Result } from '../../../util/result.js';
import { DEFAULT_LABEL_SPEC, type LabelSpec } from '../../labels/label-spec.js';
import type { EnsembleLoader } from '../../inference/model-source.js';
import { loadEnsemble } from '../../models/ensemble-types.js';
import { BREAKOUT_MODEL, type Actor, type BreakerTrip, type ModelEvent, type ModelEventKind, type ModelVersionView, type ModelView, type ValidationReport } from '../ops-types.js';
import { loadVersion, type LoadedVersion } from './load-version.js';
import { checkMetricGates, DEFAULT_METRIC_GATES, gateRefusal, type MetricGates } from './metric-gates.js';
import { eventView, versionView, type EventRow, type VersionRow } from './version-rows.js';

export interface RegistryOptions {
  readonly db: Db;
  readonly clock: Clock;
  /** Default 'breakout'. */
  readonly model?: string;
  /** The label spec the desk detects breakouts with; a version trained on another is refused. */
  readonly spec?: LabelSpec;
  /** Default `loadEnsemble`. */
  readonly loader?: EnsembleLoader;
  readonly gates?: MetricGates;
  /** Golden vector tolerance, default 1e-5. */
  readonly goldenTolerance?: number;
}

/** A version the registry can serve: deployed, loaded, with its breaker and disable flag. */
export interface ServingVersion {
  readonly version: string;
  readonly loaded: LoadedVersion;
  readonly status: 'champion' | 'challenger' | 'shadow';
  readonly trafficShare: number;
  readonly disabled: boolean;
  readonly breaker: ModelVersionView['breaker'];
}

/** What serves now: read by the router on every request, rebuilt after every registry change. */
export interface ServingState {
  readonly model: string;
  readonly champion: ServingVersion | undefined;
  readonly challenger: ServingVersion | undefined;
  readonly shadows: readonly ServingVersion[];
  /** Why nothing of this model may answer (model disabled, or all disabled), else undefined. */
  readonly blocked: string | undefined;
  /** Deployed versions that failed to load again (e.g. a file changed since registration), with the reason. */
  readonly unavailable: ReadonlyMap<string, string>;
}

const ALL = '*';

/**
 * The model registry: versions registered from `models/breakout/<version>/` (verified, validated against
 * golden vectors, the schema and the champion's metrics), deployed as champion, challenger (with a traffic
 * share) or shadow, promoted, rolled back, disabled, and their breakers. Every change is one transaction
 * with its audit row in `model_events`; refusals are values with a reason a trader can read.
 */
export class ModelRegistry {
  readonly model: string;
  /** The desk database the registry, the prediction log and the tracking share. */
  readonly db: Db;
  readonly #clock: Clock;
  readonly #spec: LabelSpec;
  readonly #loader: EnsembleLoader;
  readonly #gates: MetricGates;
  readonly #tolerance: number | undefined;
  readonly #loaded = new Map<string, Result<LoadedVersion, string>>();
  readonly #listeners = new Set<() => void>();
  /** Listener calls that threw (they are isolated from the change that triggered them). */
  listenerErrors = 0;
  #state: ServingState;

  constructor(o: RegistryOptions) {
    this.db = o.db;
    this.#clock = o.clock;
    this.model = o.model ?? BREAKOUT_MODEL;
    this.#spec = o.spec ?? DEFAULT_LABEL_SPEC;
    this.#loader = o.loader ?? loadEnsemble;
    this.#gates = o.gates ?? DEFAULT_METRIC_GATES;
    this.#tolerance = o.goldenTolerance;
    this.db.prepare('INSERT OR IGNORE INTO models (model, created_at) VALUES (?, ?)').run(this.model, this.#clock.now());
    this.#state = this.#buildState();
  }

  /** What serves now (cached; the router reads it per request). */
  get serving(): ServingState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Registers the version in `dir`: verified (manifest, sizes, sha256, schema and input hashes, label spec),
   * loaded, golden vectors reproduced within tolerance, and gated against the champion's metrics. A refusal is
   * stored (status 'refused', with the reason) and returned as the error.
   */
  register(dir: string, actor: Actor = 'trader'): Result<ModelVersionView, string> {
    const loaded = loadVersion(path.resolve(dir), this.#spec, this.#loader, this.#tolerance);
    const version = loaded.ok ? loaded.value.manifest.version : (loaded.error.manifest?.version ?? path.basename(dir));
    const existing = this.#row(version);
    if (existing !== undefined && existing.status !== 'refused') return err(`model ${version} is already registered (${existing.status})`);
    let reason: string | undefined = loaded.ok ? undefined : loaded.error.reason;
    let validation: ValidationReport | null = null;
    if (loaded.ok) {
      const champion = this.#championRow();
      const gates = champion?.manifest == null ? [] : checkMetricGates(loaded.value.manifest, versionView(champion).manifest ?? loaded.value.manifest, this.#gates);
      validation = { goldenMaxError: loaded.value.golden.maxError, goldenVectors: loaded.value.golden.vectors, gates };
      reason = champion === undefined ? undefined : gateRefusal(version, champion.version, gates);
    }
    const manifest = loaded.ok ? loaded.value.manifest : loaded.error.manifest;
    const now = this.#clock.now();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO model_versions (model, version, dir, manifest, metrics, validation, status, refused_reason, registered_at)
        VALUES (@model, @version, @dir, @manifest, @metrics, @validation, @status, @reason, @at)
        ON CONFLICT (model, version) DO UPDATE SET dir = excluded.dir, manifest = excluded.manifest, metrics = excluded.metrics,
          validation = excluded.validation, status = excluded.status, refused_reason = excluded.refused_reason, registered_at = excluded.registered_at`).run({
        model: this.model, version, dir: path.resolve(dir), manifest: manifest === null ? null : JSON.stringify(manifest),
        metrics: JSON.stringify(manifest?.metrics ?? {}), validation: validation === null ? null : JSON.stringify(validation),
        status: reason === undefined ? 'registered' : 'refused', reason: reason ?? null, at: now,
      });
      this.#event(reason === undefined ? 'registered' : 'refused', version, actor, reason ?? `registered from ${path.resolve(dir)}`, validation === null ? null : { ...validation });
    })();
    if (loaded.ok && reason === undefined) this.#loaded.set(version, ok(loaded.value));
    this.#changed();
    if (reason !== undefined) return err(reason);
    return ok(this.#view(version));
  }

  /** Makes `version` the champion (all traffic not given to a challenger); the replaced champion is retired and remembered for rollback. */
  deployChampion(version: string, actor: Actor, reason: string): Result<ModelVersionView, string> {
    return this.#deploy(version, 'champion', 1, actor, reason);
  }

  /** Serves `version` to `share` (0 < share < 1) of symbol-days beside the champion, and starts an A/B test. */
  deployChallenger(version: string, share: number, actor: Actor, reason: string): Result<ModelVersionView, string> {
    if (!(share > 0 && share < 1)) return err(`a challenger's traffic share must be between 0 and 1 exclusive, got ${share}`);
    return this.#deploy(version, 'challenger', share, actor, reason);
  }

  /** Runs `version` on every request beside the champion, logged but never acting. */
  deployShadow(version: string, actor: Actor, reason: string): Result<ModelVersionView, string> {
    return this.#deploy(version, 'shadow', 0, actor, reason);
  }

  /** Promotes the challenger (or a shadow) `version` to champion; the old champion is retired and remembered. */
  promote(version: string, actor: Actor, reason: string): Result<ModelVersionView, string> {
    const row = this.#row(version);
    if (row === undefined || (row.status !== 'challenger' && row.status !== 'shadow')) return err(`model ${version} is not a challenger or shadow (${row?.status ?? 'not registered'}), so it cannot be promoted`);
    return this.#deploy(version, 'champion', 1, actor, reason, 'promoted');
  }

  /**
   * One-action rollback: undoes the latest deployment. A challenger or shadow is retired (its A/B test ends
   * 'rolled-back'); with none, the champion is retired and the champion it replaced serves again.
   * @returns the version that was retired and the champion that answers now.
   */
  rollback(actor: Actor, reason: string, kind: ModelEventKind = 'rolled-back'): Result<{ readonly retired: string; readonly champion: string | null }, string> {
    const side = this.db.prepare<[string], VersionRow>(`SELECT * FROM model_versions WHERE model = ? AND status IN ('challenger', 'shadow') ORDER BY deployed_at DESC, version LIMIT 1`).get(this.model);
    const champion = this.#championRow();
    const now = this.#clock.now();
    if (side !== undefined) {
      this.db.transaction(() => {
        this.#setStatus(side.version, 'retired', 0);
        this.#endAb(side.version, 'rolled-back', now);
        this.#event(kind, side.version, actor, reason, { retired: side.version, champion: champion?.version ?? null });
      })();
      this.#changed();
      return ok({ retired: side.version, champion: champion?.version ?? null });
    }
    if (champion === undefined) return err(`model ${this.model} has nothing deployed to roll back`);
    const previous = champion.replaced === null ? undefined : this.#row(champion.replaced);
    if (previous === undefined || previous.status === 'refused') return err(`model ${this.model}: champion ${champion.version} replaced no earlier version, so there is nothing to roll back to`);
    this.db.transaction(() => {
      this.#setStatus(champion.version, 'retired', 0);
      this.db.prepare('UPDATE model_versions SET status = \'champion\', traffic_share = 1, deployed_at = ? WHERE model = ? AND version = ?').run(now, this.model, previous.version);
      this.#event(kind, champion.version, actor, reason, { retired: champion.version, champion: previous.version });
    })();
    this.#changed();
    return ok({ retired: champion.version, champion: previous.version });
  }

  /** Stops one version answering (the champion, or the fallback, answers in its place). Persisted and audited. */
  setVersionDisabled(version: string, disabled: boolean, actor: Actor, reason: string): Result<ModelVersionView, string> {
    const row = this.#row(version);
    if (row === undefined) return err(`model ${version} is not registered`);
    this.db.transaction(() => {
      this.db.prepare('UPDATE model_versions SET disabled = ? WHERE model = ? AND version = ?').run(disabled ? 1 : 0, this.model, version);
      this.#event(disabled ? 'disabled' : 'enabled', version, actor, reason);
    })();
    this.#changed();
    return ok(this.#view(version));
  }

  /** Stops every version of this model answering: the rule-based baseline answers. Persisted and audited. */
  setModelDisabled(disabled: boolean, actor: Actor, reason: string): Result<ModelView, string> {
    if (reason.trim() === '') return err('say why the model is disabled or enabled');
    this.db.transaction(() => {
      this.db.prepare('UPDATE models SET disabled = ?, disabled_reason = ? WHERE model = ?').run(disabled ? 1 : 0, disabled ? reason : null, this.model);
      this.#event(disabled ? 'disabled' : 'enabled', null, actor, reason);
    })();
    this.#changed();
    return ok(this.view());
  }

  /** The desk-wide kill switch: every model of every registry falls back to the baseline. Persisted and audited. */
  setAllDisabled(disabled: boolean, actor: Actor, reason: string): Result<void, string> {
    if (reason.trim() === '') return err('say why all models are disabled or enabled');
    this.db.prepare('INSERT INTO model_events (at, model, version, kind, actor, reason) VALUES (?, ?, NULL, ?, ?, ?)').run(this.#clock.now(), ALL, disabled ? 'disabled-all' : 'enabled-all', actor, reason);
    this.#changed();
    return ok(undefined);
  }

  /** Why all models are off, or undefined: the latest all-switch event decides. */
  allDisabledReason(): string | undefined {
    const last = this.db.prepare<[], { kind: string; reason: string }>("SELECT kind, reason FROM model_events WHERE model = '*' AND kind IN ('disabled-all', 'enabled-all') ORDER BY id DESC LIMIT 1").get();
    return last?.kind === 'disabled-all' ? last.reason : undefined;
  }

  /** Opens `version`'s breaker (the desk's own action): the fallback answers in its place until the trader closes it. */
  openBreaker(version: string, trip: BreakerTrip, reason: string, detail: Record<string, unknown> | null = null): Result<ModelVersionView, string> {
    const row = this.#row(version);
    if (row === undefined) return err(`model ${version} is not registered`);
    if (row.breaker_state === 'open') return ok(versionView(row));
    this.db.transaction(() => {
      this.db.prepare('UPDATE model_versions SET breaker_state = \'open\', breaker_trip = ?, breaker_reason = ?, breaker_at = ? WHERE model = ? AND version = ?')
        .run(trip, reason, this.#clock.now(), this.model, version);
      this.#event('breaker-opened', version, 'system', reason, { trip, ...detail });
    })();
    this.#changed();
    return ok(this.#view(version));
  }

  /** Re-closes `version`'s breaker: only the trader may, with a reason (audited). */
  closeBreaker(version: string, actor: Actor, reason: string): Result<ModelVersionView, string> {
    if (actor !== 'trader') return err('only the trader re-closes a model breaker');
    if (reason.trim() === '') return err('say why the breaker may close');
    const row = this.#row(version);
    if (row === undefined) return err(`model ${version} is not registered`);
    if (row.breaker_state === 'closed') return err(`model ${version}: the breaker is already closed`);
    this.db.transaction(() => {
      this.db.prepare('UPDATE model_versions SET breaker_state = \'closed\', breaker_trip = NULL, breaker_reason = NULL, breaker_at = NULL WHERE model = ? AND version = ?').run(this.model, version);
      // Drift is measured afresh from here, so the inputs that opened the breaker do not re-open it at once.
      const after = this.db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM predictions').get()?.id ?? 0;
      this.#event('breaker-closed', version, actor, reason, { was: row.breaker_trip, afterPrediction: after });
    })();
    this.#changed();
    return ok(this.#view(version));
  }

  /** Records an event that changes no state (drift alerts); audited like the rest. */
  note(kind: ModelEventKind, version: string | null, reason: string, detail: Record<string, unknown> | null = null): void {
    this.#event(kind, version, 'system', reason, detail);
    this.#notify();
  }

  /** One version, or undefined. */
  version(version: string): ModelVersionView | undefined {
    const row = this.#row(version);
    return row === undefined ? undefined : versionView(row);
  }

  /** The model, its versions (newest first) and what serves. */
  view(): ModelView {
    const m = this.db.prepare<[string], { disabled: number; disabled_reason: string | null }>('SELECT disabled, disabled_reason FROM models WHERE model = ?').get(this.model);
    const versions = this.db.prepare<[string], VersionRow>('SELECT * FROM model_versions WHERE model = ? ORDER BY registered_at DESC, version').all(this.model).map(versionView);
    return {
      model: this.model,
      disabled: m?.disabled === 1,
      disabledReason: m?.disabled_reason ?? null,
      champion: versions.find((v) => v.status === 'champion')?.version ?? null,
      challenger: versions.find((v) => v.status === 'challenger')?.version ?? null,
      shadows: versions.filter((v) => v.status === 'shadow').map((v) => v.version),
      versions,
    };
  }

  /** The audit trail, newest first (this model's and the desk-wide switches). */
  events(limit = 100): ModelEvent[] {
    return this.db.prepare<[string, number], EventRow>("SELECT * FROM model_events WHERE model = ? OR model = '*' ORDER BY id DESC LIMIT ?").all(this.model, limit).map(eventView);
  }

  #deploy(version: string, status: 'champion' | 'challenger' | 'shadow', share: number, actor: Actor, reason: string, kind?: ModelEventKind): Result<ModelVersionView, string> {
    const row = this.#row(version);
    if (row === undefined) return err(`model ${version} is not registered`);
    if (row.status === 'refused') return err(`model ${version} was refused at registration: ${row.refused_reason ?? ''}`);
    if (row.status === status) return err(`model ${version} is already the ${status}`);
    if (status !== 'champion' && row.status === 'champion') return err(`model ${version} is the champion; deploy another version instead`);
    const loaded = this.#load(row);
    if (!loaded.ok) return err(loaded.error);
    const champion = this.#championRow();
    if (status !== 'champion' && champion === undefined) return err(`model ${this.model} has no champion to run a ${status} beside; deploy a champion first`);
    const now = this.#clock.now();
    this.db.transaction(() => {
      if (status === 'champion') {
        if (champion !== undefined) this.#setStatus(champion.version, 'retired', 0);
        this.#endAb(version, 'promoted', now);
        this.db.prepare('UPDATE model_versions SET status = \'champion\', traffic_share = 1, deployed_at = ?, replaced = ? WHERE model = ? AND version = ?')
          .run(now, champion?.version ?? null, this.model, version);
      } else {
        if (status === 'challenger') {
          const current = this.db.prepare<[string], VersionRow>("SELECT * FROM model_versions WHERE model = ? AND status = 'challenger'").get(this.model);
          if (current !== undefined) {
            this.#setStatus(current.version, 'retired', 0);
            this.#endAb(current.version, 'ended', now);
          }
          this.db.prepare("INSERT INTO ab_tests (model, champion, challenger, share, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')")
            .run(this.model, champion?.version ?? '', version, share, now);
        }
        this.db.prepare('UPDATE model_versions SET status = ?, traffic_share = ?, deployed_at = ? WHERE model = ? AND version = ?').run(status, share, now, this.model, version);
      }
      this.#event(kind ?? `deployed-${status}`, version, actor, reason, { share, replaced: status === 'champion' ? (champion?.version ?? null) : null });
    })();
    this.#changed();
    return ok(this.#view(version));
  }

  #endAb(challenger: string, status: 'promoted' | 'rolled-back' | 'ended', at: EpochMs): void {
    this.db.prepare("UPDATE ab_tests SET status = ?, ended_at = ? WHERE model = ? AND challenger = ? AND status = 'running'").run(status, at, this.model, challenger);
  }

  #setStatus(version: string, status: 'retired', share: number): void {
    this.db.prepare('UPDATE model_versions SET status = ?, traffic_share = ? WHERE model = ? AND version = ?').run(status, share, this.model, version);
  }

  #event(kind: ModelEventKind, version: string | null, actor: Actor, reason: string, detail: Record<string, unknown> | null = null): void {
    this.db.prepare('INSERT INTO model_events (at, model, version, kind, actor, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.#clock.now(), this.model, version, kind, actor, reason, detail === null ? null : JSON.stringify(detail));
  }

  #row(version: string): VersionRow | undefined {
    return this.db.prepare<[string, string], VersionRow>('SELECT * FROM model_versions WHERE model = ? AND version = ?').get(this.model, version);
  }

  #championRow(): VersionRow | undefined {
    return this.db.prepare<[string], VersionRow>("SELECT * FROM model_versions WHERE model = ? AND status = 'champion'").get(this.model);
  }

  #view(version: string): ModelVersionView {
    const row = this.#row(version);
    if (row === undefined) throw new Error(`model ${version} vanished from the registry`);
    return versionView(row);
  }

  /** Loads a deployed version once per process, re-verifying its files (they may have changed since registration). */
  #load(row: VersionRow): Result<LoadedVersion, string> {
    let loaded = this.#loaded.get(row.version);
    if (loaded === undefined) {
      const r = loadVersion(row.dir, this.#spec, this.#loader, this.#tolerance);
      loaded = r.ok ? r : err(r.error.reason);
      this.#loaded.set(row.version, loaded);
    }
    return loaded;
  }

  #buildState(): ServingState {
    const rows = this.db.prepare<[string], VersionRow>("SELECT * FROM model_versions WHERE model = ? AND status IN ('champion', 'challenger', 'shadow') ORDER BY version").all(this.model);
    const unavailable = new Map<string, string>();
    const serving: ServingVersion[] = [];
    for (const r of rows) {
      const loaded = this.#load(r);
      if (!loaded.ok) {
        unavailable.set(r.version, loaded.error);
        continue;
      }
      const v = versionView(r);
      serving.push({ version: r.version, loaded: loaded.value, status: r.status as ServingVersion['status'], trafficShare: r.traffic_share, disabled: v.disabled, breaker: v.breaker });
    }
    const m = this.db.prepare<[string], { disabled: number; disabled_reason: string | null }>('SELECT disabled, disabled_reason FROM models WHERE model = ?').get(this.model);
    const all = this.allDisabledReason();
    const blocked = all !== undefined ? `all models disabled: ${all}` : m?.disabled === 1 ? `model ${this.model} disabled: ${m.disabled_reason ?? ''}` : undefined;
    return {
      model: this.model,
      champion: serving.find((s) => s.status === 'champion'),
      challenger: serving.find((s) => s.status === 'challenger'),
      shadows: serving.filter((s) => s.status === 'shadow'),
      blocked,
      unavailable,
    };
  }

  #changed(): void {
    this.#state = this.#buildState();
    this.#notify();
  }

  #notify(): void {
    for (const l of this.#listeners) {
      // A listener (a dashboard stream) failing must not undo a breaker or fail the prediction that tripped it.
      try {
        l();
      } catch {
        this.listenerErrors++;
      }
    }
  }
}
