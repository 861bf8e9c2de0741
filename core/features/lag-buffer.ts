/** The value pushed `lag` pushes ago, from a fixed ring: O(1), no allocation. */
export class LagBuffer {
  readonly lag: number;
  readonly #ring: Float64Array;
  #head = 0;
  #count = 0;

  constructor(lag: number) {
    this.lag = lag;
    this.#ring = new Float64Array(lag);
  }

  /** Stores x and returns the value pushed `lag` pushes before it (NaN while there is none). */
  push(x: number): number {
    const head = this.#head;
    const old = this.#count++ >= this.lag ? (this.#ring[head] as number) : Number.NaN;
    this.#ring[head] = x;
    this.#head = head + 1 === this.lag ? 0 : head + 1;
    return old;
  }
}
