import type { Bar } from '../market/bar.js';
import { quantity, type Quantity } from '../market/units.js';
import type { OrderOrigin } from '../trading/order.js';
import type { EngineStrategy, TradingEngine } from '../trading/session/trading-engine.js';

/** Every crossover order's origin: the order path copies it and nothing writes to it, so one object serves them all. */
const SYSTEM: OrderOrigin = { kind: 'system' };

interface SymbolState {
  readonly symbol: string;
  readonly closes: Float64Array;
  next: number;
  count: number;
  fastSum: number;
  slowSum: number;
  long: boolean;
  /** The state asked for right after this one last time: bars cycle through the symbols in a fixed order. */
  after: SymbolState | undefined;
}

/** Settings of the benchmark crossover. */
export interface SmaCrossoverSettings {
  readonly fast: number;
  readonly slow: number;
  /** Shares bought on a golden cross and sold on the death cross. */
  readonly quantity: number;
}

/**
 * Long `quantity` shares while SMA(fast) > SMA(slow), flat otherwise; a market order at each cross, sent
 * through the engine's order manager (validation, pre-trade checks, journal) to the paper broker, which fills
 * it on the next bar's open. The averages are running sums over a ring of closes: nothing is allocated per bar.
 * It acts on crosses, not on levels: a refused order is not retried until the next cross, as a crossover
 * trader would not chase a missed signal.
 */
export class SmaCrossoverStrategy implements EngineStrategy {
  readonly #engine: TradingEngine;
  readonly #o: SmaCrossoverSettings;
  readonly #quantity: Quantity;
  readonly #states = new Map<string, SymbolState>();
  #last: SymbolState | undefined;

  constructor(engine: TradingEngine, settings: SmaCrossoverSettings) {
    if (!(Number.isInteger(settings.fast) && Number.isInteger(settings.slow) && settings.fast > 0 && settings.slow > settings.fast)) {
      throw new RangeError(`crossover needs whole periods with 0 < fast < slow, got fast ${settings.fast}, slow ${settings.slow}`);
    }
    if (!(settings.quantity > 0)) throw new RangeError(`crossover quantity must be positive, got ${settings.quantity}`);
    this.#engine = engine;
    this.#o = settings;
    this.#quantity = quantity(settings.quantity);
  }

  warmUp(bar: Bar): void {
    this.#update(bar);
  }

  onBar(bar: Bar): undefined {
    const s = this.#update(bar);
    if (s.count < this.#o.slow) return undefined;
    // fast·slowSum vs slow·fastSum compares the two means without dividing.
    const up = s.fastSum * this.#o.slow > s.slowSum * this.#o.fast;
    if (up === s.long) return undefined;
    s.long = up;
    const orders = this.#engine.orders;
    // Two literals rather than one with a spread: a spread followed by more properties takes V8's slow path
    // (microseconds per order). The keys keep the order the spread gave them.
    if (up) {
      orders.submit({ clientOrderId: orders.nextClientOrderId(), symbol: bar.symbol, side: 'buy', type: 'market', quantity: this.#quantity, timeInForce: 'gtc', origin: SYSTEM });
    } else {
      orders.submit({ clientOrderId: orders.nextClientOrderId(), symbol: bar.symbol, side: 'sell', type: 'market', quantity: this.#quantity, timeInForce: 'gtc', reduceOnly: true, origin: SYSTEM });
    }
    return undefined;
  }

  /** The symbol's state: the one that followed the previous bar's last time, else looked up (or made). */
  #stateOf(symbol: string): SymbolState {
    const last = this.#last;
    let s = last?.after;
    if (s === undefined || s.symbol !== symbol) {
      s = this.#states.get(symbol);
      if (s === undefined) {
        s = { symbol, closes: new Float64Array(this.#o.slow), next: 0, count: 0, fastSum: 0, slowSum: 0, long: false, after: undefined };
        this.#states.set(symbol, s);
      }
      if (last !== undefined) last.after = s;
    }
    this.#last = s;
    return s;
  }

  #update(bar: Bar): SymbolState {
    const s = this.#stateOf(bar.symbol);
    const { fast, slow } = this.#o;
    const c = bar.close;
    const ring = s.closes;
    const next = s.next;
    // The close leaving the slow window, and the one leaving the fast window (fast bars back); the ring wraps by
    // a compare, not a modulo (an integer division per bar), to the same index. Subtracted unconditionally: until
    // a window is full the slot read has never been written, so it holds the array's initial 0, and x − 0 is x to
    // the bit (−0 included); two "window full yet?" tests per bar fewer, and one path while the windows fill and after.
    s.slowSum -= ring[next] ?? 0;
    s.fastSum -= ring[next < fast ? next - fast + slow : next - fast] ?? 0;
    ring[next] = c;
    s.next = next + 1 === slow ? 0 : next + 1;
    s.slowSum += c;
    s.fastSum += c;
    if (s.count < slow) s.count++;
    return s;
  }
}
