import { epochMs, type EpochMs, type Price } from '../../market/units.js';
import type { MarketView, PortfolioView, PositionView } from '../portfolio-view.js';
import type { LedgerSource } from './ledger.js';
import { MarkBoard } from './mark-board.js';
import { PositionBook } from './position-book.js';

/** Figures of one account at a set of marks, for reports and the UI. */
export interface PortfolioSummary {
  readonly cash: number;
  readonly marketValue: number;
  readonly equity: number;
  /** Net of commissions. */
  readonly realisedPnl: number;
  readonly unrealisedPnl: number;
  readonly commissions: number;
  /** Fills that closed (part of) a position. */
  readonly closingFills: number;
  /** Closing fills with positive realised P&L net of commission. */
  readonly winningFills: number;
}

/**
 * The account as the fill ledger says it is: every figure is folded from the ledger's fills and cash
 * movements (never stored), so positions equal the fills by construction. The fold is cached and redone
 * only when the ledger has grown, which makes repeated pre-trade reads cheap.
 */
export class Portfolio implements PortfolioView {
  readonly #ledger: LedgerSource;
  #book = new PositionBook();
  #fillCount = -1;
  #cashCount = -1;
  #deposits = 0;
  /** positions() of the current fold: the pre-trade rules ask several times per order, and it only changes with a fill. */
  #positions: readonly PositionView[] | undefined;

  constructor(ledger: LedgerSource) {
    this.#ledger = ledger;
  }

  cash(): number {
    return this.#fold().#deposits + this.#book.tradingCash;
  }

  position(symbol: string): number {
    return this.#fold().#book.quantity(symbol);
  }

  /** True while the book has an open position in `symbol`: only those symbols' marks move equity. */
  holds(symbol: string): boolean {
    return this.#fold().#book.holds(symbol);
  }

  positions(): readonly PositionView[] {
    this.#fold();
    this.#positions ??= this.#book.positions();
    return this.#positions;
  }

  equity(mark: (symbol: string) => Price | undefined): number {
    // One fold for both terms; the same sum, in the same order, as cash() + market value.
    this.#fold();
    return this.#deposits + this.#book.tradingCash + this.#book.marketValue(mark);
  }

  /**
   * Signed market value of the open positions at the board's marks, read from flat arrays instead of a lookup by
   * name per position: cash() plus this is equity(board.lastPrice), to the bit (the same sum, in the same order).
   */
  marketValueAt(board: MarkBoard): number {
    return this.#fold().#book.marketValueAt(board);
  }

  /**
   * equity(market.lastPrice) without a call per position when `market` is a MarkBoard (the engine's), whose closes
   * marketValueAt reads from flat arrays: cash() + market value is the sum equity() makes, so the same bits.
   */
  equityAt(market: MarketView): number {
    if (market instanceof MarkBoard) return this.cash() + this.marketValueAt(market);
    return this.equity((symbol) => market.lastPrice(symbol));
  }

  realisedPnlSince(since: EpochMs): number {
    let total = 0;
    for (const r of this.#fold().#book.realised()) if (r.time >= since) total += r.amount;
    return total;
  }

  /** Realised P&L of the whole ledger, net of commissions. */
  realisedPnl(): number {
    return this.realisedPnlSince(epochMs(Number.NEGATIVE_INFINITY));
  }

  unrealisedPnl(mark: (symbol: string) => Price | undefined): number {
    return this.#fold().#book.unrealised(mark);
  }

  summary(mark: (symbol: string) => Price | undefined): PortfolioSummary {
    const book = this.#fold().#book;
    const closing = book.realised().filter((r) => r.closing);
    const marketValue = book.marketValue(mark);
    const cash = this.cash();
    return {
      cash,
      marketValue,
      equity: cash + marketValue,
      realisedPnl: this.realisedPnl(),
      unrealisedPnl: book.unrealised(mark),
      commissions: book.commissions,
      closingFills: closing.length,
      winningFills: closing.filter((r) => r.amount > 0).length,
    };
  }

  #fold(): this {
    const fills = this.#ledger.fills();
    const cash = this.#ledger.cashMovements();
    if (fills.length !== this.#fillCount) {
      // Append-only ledger: fold just the new fills; a shorter list (another ledger) starts over.
      if (fills.length < this.#fillCount || this.#fillCount < 0) {
        this.#book = new PositionBook();
        this.#fillCount = 0;
        this.#positions = undefined;
      }
      // A fill moves only its own symbol's position: the kept sorted list gets that entry replaced (a new list,
      // so one handed out earlier stays as it was).
      const kept = this.#positions === undefined ? undefined : [...this.#positions];
      for (let i = this.#fillCount; i < fills.length; i++) {
        const fill = fills[i];
        if (fill === undefined) continue;
        this.#book.apply(fill);
        if (kept !== undefined) replaceEntry(kept, fill.symbol, this.#book.position(fill.symbol));
      }
      this.#positions = kept;
      this.#fillCount = fills.length;
    }
    if (cash.length !== this.#cashCount) {
      this.#deposits = cash.reduce((sum, m) => sum + m.amount, 0);
      this.#cashCount = cash.length;
    }
    return this;
  }
}

/** Puts `view` in `symbol`'s place in a list sorted by symbol (inserted, replaced, or removed when undefined). */
function replaceEntry(list: PositionView[], symbol: string, view: PositionView | undefined): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.symbol ?? '') < symbol) lo = mid + 1;
    else hi = mid;
  }
  const present = list[lo]?.symbol === symbol;
  if (view === undefined) {
    if (present) list.splice(lo, 1);
  } else {
    list.splice(lo, present ? 1 : 0, view);
  }
}
