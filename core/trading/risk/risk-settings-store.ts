import type { Clock } from '../../time/clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { RiskEventStore } from './risk-event-store.js';
import { DEFAULT_RISK_LIMITS, validateRiskLimits, type RiskLimits } from './risk-limits.js';
import type { SettingsTable } from './settings-table.js';

const LIMITS_KEY = 'risk-limits';

/**
 * The limit settings in force, persisted under one key. Stored values are laid over the defaults, so a limit
 * added in a later version starts at its safe default. Every change is a settings-changed event with the
 * before and after; an invalid change is refused with its reason and changes nothing.
 */
export class RiskSettingsStore {
  #current: RiskLimits;

  private constructor(
    private readonly settings: SettingsTable,
    private readonly events: RiskEventStore,
    private readonly clock: Clock,
    current: RiskLimits,
  ) {
    this.#current = current;
  }

  /** Loads the stored limits; an invalid stored value is an error (never silently replaced by defaults). */
  static open(settings: SettingsTable, events: RiskEventStore, clock: Clock): Result<RiskSettingsStore> {
    const stored = settings.get(LIMITS_KEY);
    if (stored === undefined) return ok(new RiskSettingsStore(settings, events, clock, DEFAULT_RISK_LIMITS));
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return err(`stored risk limits are not an object: fix or delete the '${LIMITS_KEY}' setting`);
    const limits = validateRiskLimits({ ...DEFAULT_RISK_LIMITS, ...stored });
    if (!limits.ok) return err(`stored risk limits are invalid (${limits.error}): fix or delete the '${LIMITS_KEY}' setting`);
    return ok(new RiskSettingsStore(settings, events, clock, limits.value));
  }

  get current(): RiskLimits {
    return this.#current;
  }

  /** Applies `patch` over the current limits; refused whole with a reason if the result is invalid. */
  update(patch: unknown, actor: string, reason: string): Result<RiskLimits> {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return err('a limits change must be an object of setting names to values');
    if (actor.trim().length === 0) return err('say who changes the limits (actor)');
    const next = validateRiskLimits({ ...this.#current, ...patch });
    if (!next.ok) return next;
    const before = this.#current;
    const at = this.clock.now();
    this.events.transaction(() => {
      this.settings.put(LIMITS_KEY, next.value, at);
      this.events.recordSettingsChange(before, next.value, actor, reason.trim().length > 0 ? reason : 'limits changed', at);
    });
    this.#current = Object.freeze(next.value);
    return ok(this.#current);
  }
}
