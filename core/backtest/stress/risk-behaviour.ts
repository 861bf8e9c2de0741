import type { BacktestResult } from '../backtest-types.js';

/** How the kill switch, the loss limits, the pre-trade rules and the sizer behaved in one run. */
export interface RiskBehaviour {
  /** Kill switches turned on, by scope ('global', 'model:<id>'). */
  readonly killSwitchTrips: number;
  /** Of those, trips by the daily loss limit. */
  readonly lossLimitTrips: number;
  /**
   * The global switch was on when the run ended: nobody turns it off in a backtest, so no new position was
   * opened after it tripped and the figures after that time measure exits only.
   */
  readonly killSwitchOnAtEnd: boolean;
  /** First trip: when and why, for the report's narrative. */
  readonly firstTrip?: { readonly time: number; readonly scope: string; readonly reason: string };
  /** Orders refused by the pre-trade checks, by rule id. */
  readonly refusalsByRule: Readonly<Record<string, number>>;
  readonly refusals: number;
  /** Signal proposals the sizer made, and how many it sized to zero or that were never confirmed. */
  readonly sized: number;
  readonly sizedToZero: number;
  readonly proposals: BacktestResult['proposals'];
  readonly signals: number;
}

/**
 * Reads the risk behaviour of a run from its result (the run's own risk log and sizing records, which the
 * runner takes from the journal), never from log text.
 */
export function riskBehaviour(result: BacktestResult): RiskBehaviour {
  const trips = result.riskEvents.filter((e) => e.kind === 'kill-switch-on');
  const refusalsByRule: Record<string, number> = {};
  // The denials list is the order path's own record; risk events of kind order-denied repeat it.
  for (const d of result.denials) refusalsByRule[d.ruleId] = (refusalsByRule[d.ruleId] ?? 0) + 1;
  const first = trips[0];
  const lastGlobal = result.riskEvents.filter((e) => e.scope === 'global' && (e.kind === 'kill-switch-on' || e.kind === 'kill-switch-off')).at(-1);
  return {
    killSwitchTrips: trips.length,
    lossLimitTrips: trips.filter((e) => e.lossLimit).length,
    killSwitchOnAtEnd: lastGlobal?.kind === 'kill-switch-on',
    ...(first === undefined ? {} : { firstTrip: { time: first.time, scope: first.scope, reason: first.reason } }),
    refusalsByRule,
    refusals: result.denials.length,
    sized: result.riskModel.length,
    sizedToZero: result.riskModel.filter((e) => e.quantity <= 0).length,
    proposals: result.proposals,
    signals: result.signals,
  };
}
