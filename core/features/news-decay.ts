/**
 * Time-decayed news sums for one symbol, advanced bar close by bar close. Items must be added in
 * non-decreasing time order (the engine checks); an item is applied at the first close at or after its
 * time, with weight 2^(-(close - time) / halfLife), so an item that arrives late weighs what it would
 * have weighed had it arrived on time. Items not yet due are held back: nothing from after a close is
 * ever used at that close. O(1) amortised per bar and per item; storage grows only with items in flight.
 */
export class NewsDecay {
  readonly #lambda: number;
  readonly #windowMs: number;
  #times = new Float64Array(16);
  #sentiments = new Float64Array(16);
  #impacts = new Float64Array(16);
  #length = 0;
  #applied = 0; // items [0, applied) are in the sums
  #expired = 0; // items [0, expired) are out of the count window
  #any = false;
  #lastClose = 0;
  #weight = 0;
  #weightedSentiment = 0;
  #weightedImpact = 0;

  constructor(halfLifeMs: number, windowMs: number) {
    this.#lambda = Math.LN2 / halfLifeMs;
    this.#windowMs = windowMs;
  }

  /** True once any item has been applied at a close: until then there is no sentiment, not a neutral one. */
  get hasNews(): boolean {
    return this.#any;
  }

  /** Decay-weighted mean sentiment, shrunk towards 0 while the total weight is below 1. */
  get sentiment(): number {
    const w = this.#weight;
    return this.#weightedSentiment / (w > 1 ? w : 1);
  }

  /** Decay-weighted sum of impact. */
  get impact(): number {
    return this.#weightedImpact;
  }

  /** Items inside the trailing count window at the last close. */
  get count(): number {
    return this.#applied - this.#expired;
  }

  add(time: number, sentiment: number, impact: number): void {
    if (this.#length === this.#times.length) this.#makeRoom();
    const i = this.#length++;
    this.#times[i] = time;
    this.#sentiments[i] = sentiment;
    this.#impacts[i] = impact;
  }

  /** Moves the sums to close time `close` (non-decreasing across calls). */
  advance(close: number): void {
    if (this.#any) {
      const f = Math.exp(-(close - this.#lastClose) * this.#lambda);
      this.#weight *= f;
      this.#weightedSentiment *= f;
      this.#weightedImpact *= f;
    }
    this.#lastClose = close;
    const times = this.#times;
    let a = this.#applied;
    if (a < this.#length && (times[a] as number) <= close) {
      this.#any = true;
      do {
        const w = Math.exp(-(close - (times[a] as number)) * this.#lambda);
        this.#weight += w;
        this.#weightedSentiment += w * (this.#sentiments[a] as number);
        this.#weightedImpact += w * (this.#impacts[a] as number);
        a++;
      } while (a < this.#length && (times[a] as number) <= close);
      this.#applied = a;
    }
    const horizon = close - this.#windowMs;
    let e = this.#expired;
    while (e < a && (times[e] as number) <= horizon) e++;
    this.#expired = e;
  }

  // Expired items are no longer needed: slide the live ones down, or grow when every slot is live.
  #makeRoom(): void {
    const e = this.#expired;
    // Sliding only when at least half the slots are dead keeps each add amortised O(1).
    if (e > 0 && e >= this.#length >> 1) {
      this.#times.copyWithin(0, e, this.#length);
      this.#sentiments.copyWithin(0, e, this.#length);
      this.#impacts.copyWithin(0, e, this.#length);
      this.#length -= e;
      this.#applied -= e;
      this.#expired = 0;
      return;
    }
    const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.#times = grow(this.#times);
    this.#sentiments = grow(this.#sentiments);
    this.#impacts = grow(this.#impacts);
  }
}
