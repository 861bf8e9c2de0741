import type { Clock } from '../../time/clock.js';
import type { RiskEventStore } from './risk-event-store.js';
import type { SettingsTable } from './settings-table.js';

/** 'global', or 'model:<modelId>' for one model's orders. */
export type KillSwitchScope = 'global' | `model:${string}`;

export const modelScope = (modelId: string): KillSwitchScope => `model:${modelId}`;

/** A switch turned on: handed to trip listeners (the order manager cancels working orders that add risk). */
export interface KillSwitchTrip {
  readonly scope: KillSwitchScope;
  readonly actor: string;
  readonly reason: string;
}

interface SwitchState {
  readonly on: boolean;
  readonly actor: string;
  readonly reason: string;
  readonly at: number;
}

const KEY_PREFIX = 'kill-switch:';

const isSwitchState = (value: unknown): value is SwitchState =>
  typeof value === 'object' && value !== null && typeof (value as { on?: unknown }).on === 'boolean';

/**
 * Kill switches per scope, persisted in `settings` (a switch that is on stays on across a restart) with
 * every change logged as a kill-switch-on/off event in the same transaction.
 */
export class KillSwitches {
  readonly #on = new Set<KillSwitchScope>();
  readonly #listeners = new Set<(trip: KillSwitchTrip) => void>();
  #listenerFailures = 0;

  constructor(
    private readonly settings: SettingsTable,
    private readonly events: RiskEventStore,
    private readonly clock: Clock,
  ) {
    for (const { key, value } of settings.withPrefix(KEY_PREFIX)) {
      // An unreadable stored state fails safe: the switch counts as on.
      if (!isSwitchState(value) || value.on) this.#on.add(key.slice(KEY_PREFIX.length) as KillSwitchScope);
    }
  }

  isOn(scope: KillSwitchScope): boolean {
    return this.#on.has(scope);
  }

  /** Scopes currently on. */
  active(): KillSwitchScope[] {
    return [...this.#on].sort();
  }

  /**
   * Turns a switch on or off; returns false (and records nothing) when it already was. Turning one on calls
   * every trip listener after the state is stored.
   */
  set(scope: KillSwitchScope, on: boolean, actor: string, reason: string): boolean {
    if (this.#on.has(scope) === on) return false;
    const at = this.clock.now();
    this.events.transaction(() => {
      this.settings.put(KEY_PREFIX + scope, { on, actor, reason, at } satisfies SwitchState, at);
      this.events.recordKillSwitch(on, scope, actor, reason, at);
    });
    if (on) this.#on.add(scope);
    else this.#on.delete(scope);
    if (on) {
      for (const listener of this.#listeners) {
        try {
          listener({ scope, actor, reason });
        } catch {
          // One failing listener must not stop the others (or the refusal that tripped the switch).
          this.#listenerFailures += 1;
        }
      }
    }
    return true;
  }

  /** Registers a listener for switches being turned on; returns an unsubscribe. */
  onTrip(listener: (trip: KillSwitchTrip) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Trip listeners that threw (their errors are contained so the switch itself always works). */
  get listenerFailures(): number {
    return this.#listenerFailures;
  }
}
