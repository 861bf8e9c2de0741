import { create } from 'zustand';
import type { BarDto, DeskApi, DeskStatus, Quote, SymbolHold } from '../../../core/contract/index.js';

/** Bars the chart keeps for the selected symbol; older ones drop off so a long session stays light. */
export const CHART_BARS = 2_000;

export type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: string };

export interface MarketState {
  readonly load: LoadState;
  readonly status: DeskStatus | undefined;
  readonly quotes: readonly Quote[];
  readonly selected: string | undefined;
  /** Bars of the selected symbol, oldest first. */
  readonly bars: readonly BarDto[];
  /** How many live bars arrived since start, for the status bar (and the end-to-end test). */
  readonly liveBars: number;
}

export interface MarketActions {
  start(desk: DeskApi): Promise<void>;
  /** After a feed switch: forget the old feed's symbols and bars, then load the new feed's. */
  restart(desk: DeskApi): Promise<void>;
  select(desk: DeskApi, symbol: string): Promise<void>;
  applyBar(bar: BarDto): void;
  setStatus(status: DeskStatus): void;
}

export const useMarket = create<MarketState & MarketActions>()((set, get) => ({
  load: { kind: 'loading' },
  status: undefined,
  quotes: [],
  selected: undefined,
  bars: [],
  liveBars: 0,

  async start(desk) {
    const [status, quotes] = await Promise.all([desk.invoke('desk.status', {}), desk.invoke('market.symbols', {})]);
    if (!status.ok || !quotes.ok) {
      const error = !status.ok ? status.error : !quotes.ok ? quotes.error : undefined;
      set({ load: { kind: 'error', message: error?.message ?? 'The desk did not answer.' } });
      return;
    }
    set({ status: status.value, quotes: quotes.value, load: { kind: 'ready' } });
    const first = quotes.value[0]?.symbol;
    if (first !== undefined && get().selected === undefined) await get().select(desk, first);
  },

  async restart(desk) {
    set({ selected: undefined, bars: [], quotes: [] });
    await get().start(desk);
  },

  async select(desk, symbol) {
    set({ selected: symbol, bars: [] });
    const bars = await desk.invoke('market.bars', { symbol, limit: CHART_BARS });
    // A later click may have changed the selection while this one loaded.
    if (get().selected !== symbol) return;
    if (bars.ok) set({ bars: bars.value });
    else set({ load: { kind: 'error', message: bars.error.message } });
  },

  applyBar(bar) {
    const { quotes, selected, bars, liveBars } = get();
    const nextQuotes = quotes.map((q) => (q.symbol === bar.symbol ? withLast(q, bar) : q));
    const isSelected = bar.symbol === selected && bar.interval === (bars.at(-1)?.interval ?? bar.interval);
    set({
      quotes: nextQuotes,
      liveBars: liveBars + 1,
      ...(isSelected ? { bars: appendBar(bars, bar) } : {}),
    });
  },

  setStatus(status) {
    // A broker feed's status lists the symbols it holds now: the watchlist rows follow it as it arrives.
    const held = status.feed.held;
    if (held === undefined) return set({ status });
    set({ status, quotes: get().quotes.map((q) => withHold(q, held.find((h) => h.symbol === q.symbol))) });
  },
}));

const DAY_MS = 86_400_000;

function withHold(quote: Quote, hold: SymbolHold | undefined): Quote {
  const { held: _previous, ...rest } = quote;
  return hold === undefined ? rest : { ...rest, held: { reasons: hold.reasons, detail: hold.detail } };
}

function withLast(quote: Quote, bar: BarDto): Quote {
  // A bar on a new UTC day makes the last close we showed the new previous close (same rule as the desk).
  const newDay = quote.time !== null && Math.floor(bar.time / DAY_MS) > Math.floor(quote.time / DAY_MS);
  const reference = newDay ? quote.last : quote.previousClose;
  const change = reference === null ? null : bar.close - reference;
  const changePct = reference === null || reference === 0 || change === null ? null : (change / reference) * 100;
  return { ...quote, time: bar.time, last: bar.close, previousClose: reference, change, changePct };
}

/** Replaces a bar with the same open time (a correction), otherwise appends, keeping at most CHART_BARS. */
function appendBar(bars: readonly BarDto[], bar: BarDto): readonly BarDto[] {
  const last = bars.at(-1);
  if (last !== undefined && bar.time < last.time) return bars;
  const next = last !== undefined && last.time === bar.time ? [...bars.slice(0, -1), bar] : [...bars, bar];
  return next.length > CHART_BARS ? next.slice(next.length - CHART_BARS) : next;
}
