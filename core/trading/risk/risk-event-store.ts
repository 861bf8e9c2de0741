import type { Db } from '../../storage/open-database.js';
import type { EpochMs } from '../../market/units.js';
import type { OrderDenied, PreTradeRuleId } from '../pre-trade.js';

export type RiskEventKind = 'order-denied' | 'kill-switch-on' | 'kill-switch-off' | 'settings-changed';

/** One row of the risk log, as a reviewer reads it. */
export interface RiskEvent {
  readonly seq: number;
  readonly time: EpochMs;
  readonly kind: RiskEventKind;
  readonly ruleId: PreTradeRuleId | null;
  /** 'global' or 'model:<id>'. */
  readonly scope: string;
  readonly actor: string | null;
  readonly reason: string;
  readonly clientOrderId: string | null;
  /** Parsed JSON (settings before/after, …) or null. */
  readonly detail: unknown;
}

interface RiskEventRow {
  seq: number;
  time: number;
  kind: RiskEventKind;
  rule_id: PreTradeRuleId | null;
  scope: string;
  actor: string | null;
  reason: string;
  client_order_id: string | null;
  detail: string | null;
}

/** The append-only risk log (risk_events): refusals, kill-switch changes and settings changes. */
export class RiskEventStore {
  readonly #insert;
  readonly #range;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO risk_events (time, kind, rule_id, scope, actor, reason, client_order_id, detail)
       VALUES (@time, @kind, @ruleId, @scope, @actor, @reason, @clientOrderId, @detail)`,
    );
    this.#range = db.prepare<[number, number], RiskEventRow>('SELECT * FROM risk_events WHERE time >= ? AND time <= ? ORDER BY seq');
  }

  /** Persists a refusal handed over by the order path. */
  recordDenied(denied: OrderDenied, scope = 'global'): void {
    this.#append({ time: denied.time, kind: 'order-denied', ruleId: denied.ruleId, scope, actor: null, reason: denied.reason, clientOrderId: denied.clientOrderId, detail: null });
  }

  recordKillSwitch(on: boolean, scope: string, actor: string, reason: string, time: EpochMs): void {
    this.#append({ time, kind: on ? 'kill-switch-on' : 'kill-switch-off', ruleId: null, scope, actor, reason, clientOrderId: null, detail: null });
  }

  /** `setting` names the settings key when it is not the risk limits (e.g. 'automation'), so the log says which changed. */
  recordSettingsChange(before: unknown, after: unknown, actor: string, reason: string, time: EpochMs, setting?: string): void {
    const detail = setting === undefined ? { before, after } : { setting, before, after };
    this.#append({ time, kind: 'settings-changed', ruleId: null, scope: 'global', actor, reason, clientOrderId: null, detail: JSON.stringify(detail) });
  }

  /** Events with from <= time <= to, in the order they were written. */
  list(from: EpochMs, to: EpochMs): RiskEvent[] {
    return this.#range.all(from, to).map((row) => ({
      seq: row.seq,
      time: row.time as EpochMs,
      kind: row.kind,
      ruleId: row.rule_id,
      scope: row.scope,
      actor: row.actor,
      reason: row.reason,
      clientOrderId: row.client_order_id,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
    }));
  }

  /** Runs `work` in one transaction, so a state change and its event are stored together or not at all. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  #append(event: { time: number; kind: RiskEventKind; ruleId: PreTradeRuleId | null; scope: string; actor: string | null; reason: string; clientOrderId: string | null; detail: string | null }): void {
    // An empty reason is useless to a reviewer (and refused by the table); say so rather than crash the order path.
    this.#insert.run({ ...event, reason: event.reason.length > 0 ? event.reason : '(no reason given)' });
  }
}
