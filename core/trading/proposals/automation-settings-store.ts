import type { Clock } from '../../time/clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { RiskEventStore } from '../risk/risk-event-store.js';
import type { SettingsTable } from '../risk/settings-table.js';
import { AUTOMATION_OFF, type AutomationPolicy } from './automation.js';
import { validateAutomationPolicy } from './automation-schema.js';

/** The `settings` key the automation policy is stored under (next to 'risk-limits'). */
export const AUTOMATION_KEY = 'automation';

/**
 * The automation policy in force, persisted in the settings table like the risk limits, every change a
 * settings-changed risk event with actor, reason, before and after.
 *
 * Unlike the limits, an invalid stored policy does not stop the desk: automation trades without the trader,
 * so the safe fallback is simply "off" — the desk still opens, the trader confirms by hand, and a risk event
 * says why automation is off. The bad value is left in place (not overwritten) so it can be inspected.
 */
export class AutomationSettingsStore {
  #current: AutomationPolicy;

  private constructor(
    private readonly settings: SettingsTable,
    private readonly events: RiskEventStore,
    private readonly clock: Clock,
    current: AutomationPolicy,
  ) {
    this.#current = current;
  }

  /** Loads the stored policy; off when none is stored, or off plus a risk event when the stored one is invalid. */
  static open(settings: SettingsTable, events: RiskEventStore, clock: Clock): AutomationSettingsStore {
    const loaded = readStoredAutomation(settings);
    if (loaded.ok) return new AutomationSettingsStore(settings, events, clock, loaded.value);
    events.recordSettingsChange(
      loaded.error.stored, AUTOMATION_OFF, 'system',
      `stored automation setting is invalid (${loaded.error.reason}): automation is off until it is set again; fix or delete the '${AUTOMATION_KEY}' setting`,
      clock.now(), AUTOMATION_KEY,
    );
    return new AutomationSettingsStore(settings, events, clock, AUTOMATION_OFF);
  }

  get current(): AutomationPolicy {
    return this.#current;
  }

  /** Replaces the policy; refused whole, with the reason, if it is invalid or nobody is named as the actor. */
  set(policy: unknown, actor: string, reason: string): Result<AutomationPolicy> {
    if (actor.trim().length === 0) return err('say who changes automation (actor)');
    const next = validateAutomationPolicy(policy);
    if (!next.ok) return err(`automation not changed: ${next.error}`);
    const before = this.#current;
    const at = this.clock.now();
    this.events.transaction(() => {
      this.settings.put(AUTOMATION_KEY, next.value, at);
      this.events.recordSettingsChange(before, next.value, actor, reason.trim().length > 0 ? reason : 'automation changed', at, AUTOMATION_KEY);
    });
    this.#current = next.value;
    return ok(this.#current);
  }
}

/** A stored policy, or why the stored value is unusable (and what it was, for the audit). */
export type StoredAutomation = Result<AutomationPolicy, { readonly reason: string; readonly stored: unknown }>;

/** Reads the stored policy without recording anything: off when none is stored. */
export function readStoredAutomation(settings: SettingsTable): StoredAutomation {
  let stored: unknown;
  try {
    stored = settings.get(AUTOMATION_KEY);
  } catch (error) {
    // Text that is not JSON at all (a file written without the table's json_valid CHECK): the parse throws.
    return err({ reason: `not JSON: ${error instanceof Error ? error.message : String(error)}`, stored: null });
  }
  if (stored === undefined) return ok(AUTOMATION_OFF);
  const policy = validateAutomationPolicy(stored);
  return policy.ok ? policy : err({ reason: policy.error, stored });
}
