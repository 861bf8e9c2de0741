import { closeOffsetMs } from '../../../market/interval.js';
import { epochMs, price, quantity } from '../../../market/units.js';
import { ManualClock } from '../../../time/manual-clock.js';
import type { Order, OrderSide, OrderType } from '../../../trading/order.js';
import { PaperBroker } from '../../../trading/paper/paper-broker.js';
import type { PaperBrokerConfig } from '../../../trading/paper/paper-broker-config.js';
import type { SymbolSeries } from './risk-market.js';

/** What a sizer decided for one entry, as the broker needs it. */
export interface TradeTicket {
  readonly direction: 1 | -1;
  /** Whole shares; 0 means the trade is skipped. */
  readonly quantity: number;
  readonly stopLoss: number;
  readonly takeProfit: number;
}

/** How a trade ended. */
export type ExitReason = 'stop' | 'target' | 'time' | 'data-end' | 'unfilled';

/** One trade as the paper broker filled it, marked to market at every close it was open. */
export interface SimulatedTrade {
  /** Signed shares the entry filled (partial fills count what filled). */
  readonly position: number;
  readonly entryPrice: number;
  /** Bar of the entry fill and of the bar the position was flat again after (inclusive). */
  readonly entryBar: number;
  readonly exitBar: number;
  /** Mark-to-market P&L at each close from `entryBar` to `exitBar`, net of commissions; sums to the trade's P&L. */
  readonly barPnl: Float64Array;
  readonly pnl: number;
  readonly commission: number;
  readonly exit: ExitReason;
}

const order = (clientOrderId: string, symbol: string, side: OrderSide, type: OrderType, qty: number, level?: number, ocoGroup?: string): Order => ({
  clientOrderId, symbol, side, type, timeInForce: 'gtc', origin: { kind: 'system' }, status: 'new', leg: 'single',
  quantity: quantity(qty), filledQuantity: quantity(0), createdAt: epochMs(0), updatedAt: epochMs(0),
  ...(type === 'stop' && level !== undefined ? { stopPrice: price(level) } : {}),
  ...(type === 'limit' && level !== undefined ? { limitPrice: price(level) } : {}),
  ...(ocoGroup === undefined ? {} : { ocoGroup }),
});

/**
 * Runs one trade through a fresh `PaperBroker` on the bars after the signal: a market entry decided at the
 * signal bar's close (it fills at the next open, with the broker's slippage and commission); once it has
 * filled, a stop and a take-profit as one-cancels-other (working from the bar after the entry bar, the
 * broker's no-look-ahead rule); after `maxHoldBars` bars still open, a market exit at the next open. Every
 * price, cost, gap and volume cap is the broker's, so the environment trades exactly as the desk would.
 * `data-end` marks a trade the bars ran out on: it is marked at the last close.
 */
export function simulateTrade(series: SymbolSeries, signalBar: number, ticket: TradeTicket, config: PaperBrokerConfig, maxHoldBars: number): SimulatedTrade {
  const { bars, symbol } = series;
  const signal = bars[signalBar];
  const empty = (exit: ExitReason): SimulatedTrade => ({ position: 0, entryPrice: 0, entryBar: signalBar + 1, exitBar: signalBar + 1, barPnl: new Float64Array(0), pnl: 0, commission: 0, exit });
  if (signal === undefined || ticket.quantity <= 0) return empty('unfilled');
  const clock = new ManualClock(signal.time + closeOffsetMs(signal.interval));
  const created = PaperBroker.create({ clock, config });
  if (!created.ok) throw new RangeError(created.error);
  const broker = created.value;
  const flows: { bar: number; qty: number; price: number; commission: number; id: string }[] = [];
  let current = signalBar;
  let position = 0;
  broker.onReport((r) => {
    if (r.kind !== 'fill') return;
    const signed = r.fill.side === 'buy' ? r.fill.quantity : -r.fill.quantity;
    position += signed;
    flows.push({ bar: current, qty: signed, price: r.fill.price, commission: r.fill.commission, id: r.clientOrderId });
  });
  const feed = (i: number): boolean => {
    const bar = bars[i];
    if (bar === undefined) return false;
    current = i;
    clock.advanceTo(bar.time + closeOffsetMs(bar.interval));
    broker.onBar(bar);
    return true;
  };
  feed(signalBar);
  const entrySide: OrderSide = ticket.direction === 1 ? 'buy' : 'sell';
  const exitSide: OrderSide = ticket.direction === 1 ? 'sell' : 'buy';
  broker.submit(order('entry', symbol, entrySide, 'market', ticket.quantity));
  if (!feed(signalBar + 1)) return empty('data-end');
  broker.cancel('entry');
  const entered = position;
  if (entered === 0) return empty('unfilled');
  broker.submit(order('stop', symbol, exitSide, 'stop', Math.abs(entered), ticket.stopLoss, 'exit'));
  broker.submit(order('target', symbol, exitSide, 'limit', Math.abs(entered), ticket.takeProfit, 'exit'));
  let exit: ExitReason = 'data-end';
  let i = signalBar + 2;
  for (; i <= signalBar + 1 + maxHoldBars && position !== 0; i++) if (!feed(i)) break;
  if (position === 0) {
    exit = flows[flows.length - 1]?.id === 'stop' ? 'stop' : 'target';
  } else if (i > signalBar + 1 + maxHoldBars) {
    broker.cancel('stop');
    broker.cancel('target');
    // A volume cap can leave part of the exit working: keep feeding bars until flat or out of data.
    let n = 0;
    while (position !== 0 && n < maxHoldBars) {
      broker.submit(order(`time-${n}`, symbol, exitSide, 'market', Math.abs(position)));
      if (!feed(current + 1)) break;
      n++;
    }
    exit = position === 0 ? 'time' : 'data-end';
  }
  return markToMarket(series, signalBar + 1, current, flows, entered, exit);
}

function markToMarket(series: SymbolSeries, entryBar: number, exitBar: number, flows: readonly { bar: number; qty: number; price: number; commission: number }[], entered: number, exit: ExitReason): SimulatedTrade {
  const n = exitBar - entryBar + 1;
  const barPnl = new Float64Array(n);
  let held = 0;
  let f = 0;
  let commission = 0;
  let entryNotional = 0;
  let pnl = 0;
  for (let k = 0; k < n; k++) {
    const i = entryBar + k;
    const close = series.bars[i]?.close ?? 0;
    const prevClose = series.bars[i - 1]?.close ?? close;
    let p = held * (close - prevClose);
    for (; f < flows.length && (flows[f]?.bar ?? Number.POSITIVE_INFINITY) === i; f++) {
      const fl = flows[f];
      if (fl === undefined) break;
      p += fl.qty * (close - fl.price) - fl.commission;
      commission += fl.commission;
      held += fl.qty;
      if (i === entryBar) entryNotional += fl.qty * fl.price;
    }
    barPnl[k] = p;
    pnl += p;
  }
  return { position: entered, entryPrice: entryNotional / entered, entryBar, exitBar, barPnl, pnl, commission, exit };
}
