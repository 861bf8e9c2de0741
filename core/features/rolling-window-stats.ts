/**
 * Mean and population variance of the last `period` values, O(1) per push.
 *
 * The sums are kept shifted by K (the newest value at the last exact re-sum): sums of (x - K) stay small
 * when K is near the data, which avoids the cancellation of the naive sum-of-squares formula. Every
 * `period` pushes (when the write position wraps to 0) both sums are recomputed from the window, so the
 * add/subtract drift of a running sum never spans more than `period` updates: amortised O(1), and exact
 * every `period` bars over a million-bar series. `batch-features.ts` follows the same schedule.
 */
export class RollingWindowStats {
  readonly period: number;
  readonly #ring: Float64Array;
  #head = 0;
  #count = 0;
  #shift = 0;
  #s1 = 0;
  #s2 = 0;

  constructor(period: number) {
    this.period = period;
    this.#ring = new Float64Array(period);
  }

  /** Values pushed so far (not capped at the period). */
  get count(): number {
    return this.#count;
  }

  /** True once `period` values are in the window. */
  get full(): boolean {
    return this.#count >= this.period;
  }

  push(x: number): void {
    const ring = this.#ring;
    const head = this.#head;
    const k = this.#shift;
    if (this.#count === 0) this.#shift = x;
    if (this.#count < this.period) {
      const d = x - this.#shift;
      this.#s1 += d;
      this.#s2 += d * d;
    } else {
      const dn = x - k;
      const dOld = (ring[head] as number) - k;
      this.#s1 += dn - dOld;
      this.#s2 += dn * dn - dOld * dOld;
    }
    ring[head] = x;
    this.#count++;
    const next = head + 1;
    if (next === this.period) {
      this.#head = 0;
      this.#resum(x);
    } else {
      this.#head = next;
    }
  }

  /** Mean of the window; only meaningful when `full`. */
  mean(): number {
    return this.#shift + this.#s1 / this.period;
  }

  /** Population variance (divide by N) of the window, clamped at 0; only meaningful when `full`. */
  variance(): number {
    const n = this.period;
    const v = (this.#s2 - (this.#s1 * this.#s1) / n) / n;
    return v > 0 ? v : 0;
  }

  // The window is ring[0..period) oldest first: this runs only right after the head wrapped to 0.
  #resum(k: number): void {
    const ring = this.#ring;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < this.period; i++) {
      const d = (ring[i] as number) - k;
      s1 += d;
      s2 += d * d;
    }
    this.#shift = k;
    this.#s1 = s1;
    this.#s2 = s2;
  }
}
