import type { Clock } from '../../../time/clock.js';
import { OPEN_GATE, type GateReason, type GateState, type SymbolGate } from '../../symbol-gate.js';

export interface StreamSymbolGateOptions {
  readonly clock: Clock;
  /** A quote older than this during market hours holds the symbol. Default 60,000 ms. */
  readonly staleQuoteMs?: number;
  /** When quotes are not subscribed there is nothing to judge staleness by: leave it off. Default true. */
  readonly checkQuotes?: boolean;
  readonly inMarketHours: (ms: number) => boolean;
}

interface SymbolFlags {
  gap: boolean;
  halted: boolean;
  lastQuoteAt: number | undefined;
}

/**
 * Per-symbol gate fed by the market-data stream: held while a gap is open (until it is backfilled), while the
 * latest quote is stale in market hours, and while trading is halted. Staleness is judged when asked, on the
 * injected clock, so no timer has to flip it.
 */
export class StreamSymbolGate implements SymbolGate {
  readonly #o: StreamSymbolGateOptions;
  readonly #flags = new Map<string, SymbolFlags>();

  constructor(options: StreamSymbolGateOptions) {
    this.#o = options;
  }

  check(symbol: string): GateState {
    const f = this.#flags.get(symbol);
    const reasons: GateReason[] = [];
    const words: string[] = [];
    if (f === undefined || f.gap) {
      reasons.push('gap');
      words.push(f === undefined ? `${symbol} is not streamed yet` : `${symbol} has missing bars being backfilled`);
    }
    if (f?.halted === true) {
      reasons.push('halted');
      words.push(`${symbol} is halted`);
    }
    const now = this.#o.clock.now();
    if ((this.#o.checkQuotes ?? true) && this.#o.inMarketHours(now)) {
      const at = f?.lastQuoteAt;
      const maxAge = this.#o.staleQuoteMs ?? 60_000;
      if (at === undefined || now - at > maxAge) {
        reasons.push('stale-quote');
        words.push(at === undefined ? `no quote for ${symbol} yet` : `last quote for ${symbol} is ${Math.round((now - at) / 1000)} s old`);
      }
    }
    return reasons.length === 0 ? OPEN_GATE : { open: false, reasons, detail: words.join('; ') };
  }

  /** A symbol joins the stream with a gap: until its backfill finishes, its stored history may be behind. */
  track(symbol: string): void {
    if (!this.#flags.has(symbol)) this.#flags.set(symbol, { gap: true, halted: false, lastQuoteAt: undefined });
  }

  untrack(symbol: string): void {
    this.#flags.delete(symbol);
  }

  setGap(symbol: string, gap: boolean): void {
    const f = this.#flags.get(symbol);
    if (f !== undefined) f.gap = gap;
  }

  /** Every tracked symbol has a gap: the stream dropped, so nothing is known until each is backfilled. */
  gapAll(): void {
    for (const f of this.#flags.values()) f.gap = true;
  }

  setHalted(symbol: string, halted: boolean): void {
    const f = this.#flags.get(symbol);
    if (f !== undefined) f.halted = halted;
  }

  quoteAt(symbol: string, at: number): void {
    const f = this.#flags.get(symbol);
    if (f !== undefined && (f.lastQuoteAt === undefined || at > f.lastQuoteAt)) f.lastQuoteAt = at;
  }
}
