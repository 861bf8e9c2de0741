import type { SymbolGate } from '../adapters/symbol-gate.js';
import type { DeskHandlers } from '../contract/desk-api.js';
import type { CORE_REQUEST_NAMES } from '../contract/names.js';
import type { DeskStatus, Quote, SymbolHold } from '../contract/schemas.js';
import type { MarketFeed } from '../feeds/feed.js';
import type { Interval } from '../market/interval.js';
import type { BarStore } from '../storage/bar-store.js';
import type { Clock } from '../time/clock.js';
import { epochMs, type EpochMs } from '../market/units.js';
import type { TradingDesk } from './trading-desk.js';

/** Where the handlers read from; all of it owned by `createDesk`. */
export interface HandlerContext {
  readonly store: BarStore;
  readonly feed: MarketFeed;
  readonly clock: Clock;
  readonly dbFile: string;
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly interval: Interval;
  readonly startedAt: number;
  writeErrors(): number;
  /** Open time of the newest bar this run has seen for the symbol (history or live). */
  lastSeen(symbol: string): number | undefined;
  /** The feed's per-symbol gate, when it has one: status and quotes show what it holds and why. */
  readonly gate?: SymbolGate;
}

/** Bars `market.bars` returns when the caller gives no limit: about a trading day of minutes. */
export const DEFAULT_BARS_LIMIT = 500;
const DAY_MS = 86_400_000;

// Only the core names: each later capability's handlers come from its own file, spread in createDesk.
type CoreRequestName = (typeof CORE_REQUEST_NAMES)[number];

/** The market handlers here, the trading and ML ones from the trading desk. */
export function createHandlers(ctx: HandlerContext, trading: TradingDesk['handlers']): Pick<DeskHandlers, Exclude<CoreRequestName, 'feed.get' | 'feed.set' | 'data.importCsv'>> {
  return {
    ...trading,
    'desk.status': () => deskStatus(ctx),
    'market.symbols': () => ctx.symbols.map((symbol) => quote(ctx, symbol)),
    'market.bars': ({ symbol, interval, limit }) =>
      ctx.store.query({ ...upToNow(ctx, symbol.toUpperCase()), interval: interval ?? ctx.interval, limit: limit ?? DEFAULT_BARS_LIMIT }),
  };
}

export function deskStatus(ctx: HandlerContext): DeskStatus {
  const feedStatus = ctx.feed.status();
  return {
    startedAt: ctx.startedAt,
    now: ctx.clock.now(),
    feed: {
      name: ctx.feed.name,
      state: feedStatus.state,
      reason: feedStatus.reason ?? null,
      seed: ctx.seed,
      interval: ctx.interval,
      symbols: [...ctx.symbols],
      ...(ctx.gate === undefined ? {} : { held: heldSymbols(ctx, ctx.gate) }),
    },
    db: { file: ctx.dbFile, barsStored: ctx.store.count(), writeErrors: ctx.writeErrors() },
  };
}

/** Every symbol the gate holds now, in the desk's symbol order. */
export function heldSymbols(ctx: Pick<HandlerContext, 'symbols'>, gate: SymbolGate): (SymbolHold & { symbol: string })[] {
  return ctx.symbols.flatMap((symbol) => {
    const hold = holdOf(gate, symbol);
    return hold === undefined ? [] : [{ symbol, ...hold }];
  });
}

function holdOf(gate: SymbolGate | undefined, symbol: string): SymbolHold | undefined {
  const state = gate?.check(symbol);
  return state === undefined || state.open ? undefined : { reasons: [...state.reasons], detail: state.detail };
}

function quote(ctx: HandlerContext, symbol: string): Quote {
  const hold = holdOf(ctx.gate, symbol);
  const held = hold === undefined ? {} : { held: hold };
  const last = ctx.store.query({ ...upToNow(ctx, symbol), interval: ctx.interval, limit: 1 }).at(-1);
  if (last === undefined) {
    return { symbol, interval: ctx.interval, time: null, last: null, previousClose: null, change: null, changePct: null, ...held };
  }
  // The previous close is the last bar of an earlier UTC day: the prior session for intraday bars (US
  // sessions sit inside one UTC day), the prior bar for daily ones.
  const dayStart = Math.floor(last.time / DAY_MS) * DAY_MS;
  const previous = ctx.store.query({ symbol, interval: ctx.interval, to: epochMs(dayStart - 1), limit: 1 }).at(-1);
  const change = previous === undefined ? null : last.close - previous.close;
  const changePct = previous === undefined || change === null || previous.close === 0 ? null : (change / previous.close) * 100;
  return { symbol, interval: ctx.interval, time: last.time, last: last.close, previousClose: previous?.close ?? null, change, changePct, ...held };
}

/**
 * A simulator runs in its own trading time, so an earlier run (another seed, a faster speed) can have
 * stored bars later than this run's present. Reading only up to the newest bar this run has seen keeps
 * the chart on one consistent timeline; the stale bars are overwritten as this run reaches them.
 */
function upToNow(ctx: HandlerContext, symbol: string): { symbol: string; to?: EpochMs } {
  const last = ctx.lastSeen(symbol);
  return last === undefined ? { symbol } : { symbol, to: epochMs(last) };
}
