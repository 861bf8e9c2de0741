/** Snaps prices to an instrument's tick, never below one tick, without binary-float dust (42.510000000000005). */
export class TickGrid {
  private readonly decimals: number;

  constructor(readonly tick: number) {
    this.decimals = Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
  }

  round(value: number): number {
    return this.snap(Math.round(value / this.tick));
  }

  /** Up to the next tick; the 1e-9 keeps a value already on the grid from moving a whole tick. */
  ceil(value: number): number {
    return this.snap(Math.ceil(value / this.tick - 1e-9));
  }

  floor(value: number): number {
    return this.snap(Math.floor(value / this.tick + 1e-9));
  }

  private snap(ticks: number): number {
    return Number((Math.max(1, ticks) * this.tick).toFixed(this.decimals));
  }
}
