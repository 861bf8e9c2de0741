/** Why new predictions and entries for a symbol are held back. */
export type GateReason = 'gap' | 'stale-quote' | 'halted';

export interface GateState {
  /** True when predictions and new entries for the symbol may go ahead. */
  readonly open: boolean;
  readonly reasons: readonly GateReason[];
  /** The reasons in words a trader can act on; empty when open. */
  readonly detail: string;
}

/**
 * The port a session consults before it predicts or proposes a new entry for a symbol. A broker data adapter
 * implements it from what its stream knows (gaps being backfilled, quote age, halts); feeds that cannot be
 * wrong this way (simulator, replay) need none. Exits and risk-reducing orders are never gated by it.
 */
export interface SymbolGate {
  check(symbol: string): GateState;
}

export const OPEN_GATE: GateState = { open: true, reasons: [], detail: '' };
