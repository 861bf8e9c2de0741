/**
 * Maximum of the `period` values pushed BEFORE the query (the window excludes nothing pushed later), with a
 * monotonic deque: each value enters and leaves the deque once, so a push is amortised O(1) (worst case
 * O(period) for one push that clears the deque). For a rolling minimum push negated values and negate
 * the result: negation is exact in floating point.
 */
export class RollingMax {
  readonly period: number;
  readonly #values: Float64Array;
  readonly #indices: Float64Array;
  readonly #mask: number;
  #front = 0; // deque slots are [front, back) modulo the capacity
  #back = 0;
  #pushed = 0;

  constructor(period: number) {
    this.period = period;
    let capacity = 1;
    while (capacity < period + 1) capacity <<= 1;
    this.#values = new Float64Array(capacity);
    this.#indices = new Float64Array(capacity);
    this.#mask = capacity - 1;
  }

  /** True once `period` values were pushed, i.e. `max()` covers a full window. */
  get full(): boolean {
    return this.#pushed >= this.period;
  }

  push(x: number): void {
    const values = this.#values;
    const mask = this.#mask;
    const i = this.#pushed++;
    // Drop values that can never be the maximum again: x is newer and at least as large.
    while (this.#back !== this.#front && (values[(this.#back - 1) & mask] as number) <= x) this.#back--;
    values[this.#back & mask] = x;
    this.#indices[this.#back & mask] = i;
    this.#back++;
    const oldest = i - this.period;
    while ((this.#indices[this.#front & mask] as number) <= oldest) this.#front++;
  }

  /** Maximum of the last `period` pushed values; only meaningful when `full`. */
  max(): number {
    return this.#values[this.#front & this.#mask] as number;
  }
}
