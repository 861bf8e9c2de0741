import type { Price } from '../market/units.js';
import type { Fill, Order } from '../trading/order.js';
import type { BacktestTrade } from './backtest-types.js';

const EPS = 1e-9;

interface Open {
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly entryTime: Fill['time'];
  readonly entryClientOrderId: string;
  readonly breakout: boolean;
  /** Signed shares held (positive long). */
  position: number;
  entryQuantity: number;
  entryNotional: number;
  exitQuantity: number;
  exitNotional: number;
  /** Cash in minus cash out, commissions included. */
  cash: number;
  lastExit?: Fill;
  lastExitLeg: Order['leg'] | undefined;
}

/**
 * Round trips folded from the fills, symbol by symbol: a trade opens when a position leaves zero and closes
 * when it returns there (a fill that flips the position closes one trade and opens the next with the rest).
 * `orderOf` tells each fill's order (its leg says whether a bracket's target or stop closed the trade, its
 * origin whether a breakout signal opened it). Trades still open are marked at `mark`.
 */
export function roundTrips(
  fills: readonly Fill[],
  orderOf: (clientOrderId: string) => Order | undefined,
  mark: (symbol: string) => Price | undefined,
): BacktestTrade[] {
  const open = new Map<string, Open>();
  const trades: BacktestTrade[] = [];
  const isBreakout = (o: Order | undefined): boolean => o?.origin.kind === 'proposal' && o.bracket !== undefined;
  for (const fill of [...fills].sort((a, b) => a.time - b.time)) {
    const order = orderOf(fill.clientOrderId);
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    let rest = signed;
    let commission = fill.commission;
    let t = open.get(fill.symbol);
    if (t !== undefined && Math.sign(rest) !== Math.sign(t.position)) {
      const closing = Math.min(Math.abs(rest), Math.abs(t.position));
      const share = closing / Math.abs(rest);
      const c = commission * share;
      t.exitQuantity += closing;
      t.exitNotional += closing * fill.price;
      t.cash += (t.direction === 'long' ? 1 : -1) * closing * fill.price - c;
      t.position += Math.sign(rest) * closing;
      t.lastExit = fill;
      t.lastExitLeg = order?.leg;
      commission -= c;
      rest -= Math.sign(rest) * closing;
      if (Math.abs(t.position) < EPS) {
        trades.push(closed(t));
        open.delete(fill.symbol);
        t = undefined;
      }
    }
    if (Math.abs(rest) < EPS) continue;
    if (t === undefined) {
      t = {
        symbol: fill.symbol, direction: rest > 0 ? 'long' : 'short', entryTime: fill.time, entryClientOrderId: fill.clientOrderId,
        breakout: isBreakout(order), lastExitLeg: undefined, position: 0, entryQuantity: 0, entryNotional: 0, exitQuantity: 0, exitNotional: 0, cash: 0,
      };
      open.set(fill.symbol, t);
    }
    t.position += rest;
    t.entryQuantity += Math.abs(rest);
    t.entryNotional += Math.abs(rest) * fill.price;
    t.cash -= (t.direction === 'long' ? 1 : -1) * Math.abs(rest) * fill.price + commission;
  }
  for (const t of open.values()) {
    const m = mark(t.symbol);
    const value = m === undefined ? t.entryNotional / t.entryQuantity : m;
    const held = Math.abs(t.position);
    const pnl = t.cash + (t.direction === 'long' ? 1 : -1) * held * value;
    trades.push({
      symbol: t.symbol, direction: t.direction, quantity: t.entryQuantity, entryTime: t.entryTime, entryPrice: t.entryNotional / t.entryQuantity,
      pnl, returnPct: (100 * pnl) / t.entryNotional, exit: 'open', breakout: t.breakout, entryClientOrderId: t.entryClientOrderId,
    });
  }
  return trades.sort((a, b) => a.entryTime - b.entryTime || a.symbol.localeCompare(b.symbol));
}

function closed(t: Open): BacktestTrade {
  const leg = t.lastExitLeg;
  const exit = leg === 'take_profit' ? 'take_profit' : leg === 'stop_loss' ? 'stop_loss' : 'signal';
  return {
    symbol: t.symbol, direction: t.direction, quantity: t.entryQuantity, entryTime: t.entryTime, entryPrice: t.entryNotional / t.entryQuantity,
    ...(t.lastExit === undefined ? {} : { exitTime: t.lastExit.time }), exitPrice: t.exitNotional / t.exitQuantity,
    pnl: t.cash, returnPct: (100 * t.cash) / t.entryNotional, exit, breakout: t.breakout, entryClientOrderId: t.entryClientOrderId,
  };
}
