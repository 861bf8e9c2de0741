import type { Fill, Order, OrderRequest } from '../../order.js';
import type { RiskLimits } from '../risk-limits.js';

/** Everything the oracle knows of the account and market, written out as plain data. */
export interface OracleWorld {
  readonly now: number;
  readonly limits: RiskLimits;
  readonly cash: number;
  readonly positions: Readonly<Record<string, { readonly quantity: number; readonly avgPrice: number }>>;
  readonly prices: Readonly<Record<string, number>>;
  readonly openOrders: readonly Order[];
  readonly globalKill: boolean;
  readonly killedModels: readonly string[];
  readonly startOfDayEquity: number;
  readonly stopOuts: Readonly<Record<string, number>>;
  readonly fills: readonly Fill[];
  /** What passed before, with when. */
  readonly passed: readonly { readonly time: number; readonly request: OrderRequest }[];
  readonly usedIds: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
const NY_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });
const NY_WEEKDAY = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short' });
const nyDay = (t: number): string => NY_DATE.format(t);

/**
 * The limits, re-stated plainly and independently of the rule code: returns the names of every limit the
 * order would break (empty = it may reach the broker).
 */
export function brokenLimits(r: OrderRequest, w: OracleWorld): string[] {
  const broken: string[] = [];
  const L = w.limits;
  const pos = (s: string): number => w.positions[s]?.quantity ?? 0;
  const mark = (s: string): number | undefined => w.prices[s] ?? w.positions[s]?.avgPrice;
  const p = pos(r.symbol);
  const last = w.prices[r.symbol];
  const equity = w.cash + Object.entries(w.positions).reduce((sum, [s, h]) => sum + h.quantity * (mark(s) ?? 0), 0);

  if (w.usedIds.has(r.clientOrderId) || w.passed.some((x) => x.request.clientOrderId === r.clientOrderId)) broken.push('reused id');
  const twin = w.passed.some(
    (x) => w.now - x.time < L.duplicateWindowSeconds * 1000 && x.request.symbol === r.symbol && x.request.side === r.side && x.request.type === r.type && x.request.quantity === r.quantity && x.request.limitPrice === r.limitPrice && x.request.stopPrice === r.stopPrice,
  );
  if (twin) broken.push('double confirm');
  const reducing = r.reduceOnly === true && p !== 0 && (p > 0) === (r.side === 'sell') && r.quantity <= Math.abs(p);
  if (r.reduceOnly === true && !reducing) broken.push('reduce-only that does not reduce');
  if (reducing) return broken;

  const pid = r.origin.proposalId;
  if (pid !== undefined && [...w.passed.map((x) => x.request), ...w.openOrders].some((o) => o.reduceOnly !== true && o.origin.proposalId === pid)) broken.push('same proposal');
  if (w.globalKill) broken.push('global kill switch');
  if (r.origin.modelId !== undefined && w.killedModels.includes(r.origin.modelId)) broken.push('model kill switch');
  if (w.startOfDayEquity > 0 && w.startOfDayEquity - equity > (w.startOfDayEquity * L.dailyLossLimitPct) / 100) broken.push('daily loss');
  if (L.symbolAllowlist.length > 0 ? !L.symbolAllowlist.includes(r.symbol) : last === undefined) broken.push('symbol not allowed');
  const stopped = w.stopOuts[r.symbol];
  if (stopped !== undefined && w.now - stopped < L.stopOutCooldownMinutes * 60_000) broken.push('cooldown');
  if (w.passed.filter((x) => w.now - x.time < 60_000).length >= L.maxOrdersPerMinute) broken.push('rate');
  if (r.quantity > L.maxOrderQuantity) broken.push('quantity');
  const ref = r.limitPrice ?? r.stopPrice ?? last;
  if (ref === undefined || r.quantity * ref > L.maxOrderNotional) broken.push('notional');
  for (const px of [r.limitPrice, r.stopPrice]) {
    if (px !== undefined && (last === undefined || Math.abs(px - last) > (last * L.priceCollarPct) / 100)) broken.push('collar');
  }

  // Worst case if every open order that may add risk fills, with and without this order.
  const open = [...w.openOrders.filter((o) => o.reduceOnly !== true)];
  const orderPrice = (o: OrderRequest): number | undefined => o.limitPrice ?? o.stopPrice ?? mark(o.symbol);
  const sideSum = (s: string, side: 'buy' | 'sell', value: (o: Order) => number): number => open.filter((o) => o.symbol === s && o.side === side).reduce((a, o) => a + value(o), 0);
  const left = (o: Order): number => o.quantity - o.filledQuantity;
  const buys = sideSum(r.symbol, 'buy', left);
  const sells = sideSum(r.symbol, 'sell', left);
  const qBefore = Math.max(Math.abs(p + buys), Math.abs(p - sells));
  const qAfter = r.side === 'buy' ? Math.max(Math.abs(p + buys + r.quantity), Math.abs(p - sells)) : Math.max(Math.abs(p + buys), Math.abs(p - sells - r.quantity));
  if (qAfter > L.maxPositionQuantity && qAfter > qBefore) broken.push('position');

  const symbolsInUse = new Set([...Object.keys(w.positions).filter((s) => pos(s) !== 0), ...open.map((o) => o.symbol)]);
  if (!symbolsInUse.has(r.symbol) && symbolsInUse.size >= L.maxOpenPositions) broken.push('open positions');

  const gross = (extra: number): number | undefined => {
    let total = 0;
    for (const s of new Set([...symbolsInUse, r.symbol])) {
      const m = mark(s);
      if (pos(s) !== 0 && m === undefined) return undefined;
      const value = pos(s) * (m ?? 0);
      let b = 0;
      let sl = 0;
      for (const o of open.filter((x) => x.symbol === s)) {
        const px = orderPrice(o);
        if (px === undefined) return undefined;
        if (o.side === 'buy') b += left(o) * px;
        else sl += left(o) * px;
      }
      if (s === r.symbol) {
        if (r.side === 'buy') b += extra;
        else sl += extra;
      }
      total += Math.max(Math.abs(value + b), Math.abs(value - sl));
    }
    return total;
  };
  const notional = ref === undefined ? undefined : r.quantity * ref;
  const grossBefore = gross(0);
  const grossAfter = notional === undefined ? undefined : gross(notional);
  if (grossBefore === undefined || grossAfter === undefined || (grossAfter > L.maxGrossExposure * equity && grossAfter > grossBefore)) broken.push('exposure');

  if (r.side === 'buy') {
    let openBuys = 0;
    let unvalued = false;
    for (const o of open.filter((x) => x.side === 'buy')) {
      const px = orderPrice(o);
      if (px === undefined) unvalued = true;
      else openBuys += left(o) * px;
    }
    if (unvalued || notional === undefined || notional > w.cash + (L.marginMultiplier - 1) * equity - openBuys) broken.push('buying power');
  } else if (L.accountType === 'cash' && p - sideSum(r.symbol, 'sell', left) - r.quantity < 0) {
    broken.push('cash short sale');
  }

  if (L.accountType === 'margin' && equity < 25_000) {
    const window = new Set<string>();
    for (let t = w.now; window.size < 5; t -= DAY_MS) {
      const day = NY_WEEKDAY.format(t);
      if (day !== 'Sat' && day !== 'Sun') window.add(nyDay(t));
    }
    let count = 0;
    let completes = false;
    for (const s of new Set(w.fills.map((f) => f.symbol))) {
      const list = w.fills.filter((f) => f.symbol === s).sort((a, b) => a.time - b.time);
      let q = pos(s) - list.reduce((a, f) => a + (f.side === 'buy' ? f.quantity : -f.quantity), 0);
      const openedOn = { long: '', short: '' };
      for (const f of list) {
        const day = nyDay(f.time);
        if (f.side === 'sell') {
          if (q > 0 && openedOn.long === day) {
            if (window.has(day)) count += 1;
            openedOn.long = '';
          }
          q -= f.quantity;
          if (q < 0) openedOn.short = day;
        } else {
          if (q < 0 && openedOn.short === day) {
            if (window.has(day)) count += 1;
            openedOn.short = '';
          }
          q += f.quantity;
          if (q > 0) openedOn.long = day;
        }
      }
      if (s === r.symbol) completes = r.side === 'sell' ? p > 0 && openedOn.long === nyDay(w.now) : p < 0 && openedOn.short === nyDay(w.now);
    }
    if (count >= 3 && completes) broken.push('pattern day trader');
  }
  return broken;
}
