import type { SeededRandom } from './seeded-random.js';

/** Volatility multipliers of the calm, normal and wild regimes. */
const REGIME_VOL = [0.6, 1, 1.9] as const;
/** Where a regime goes when it ends, as cumulative probabilities [to calm, to normal, to wild]. */
const REGIME_NEXT = [
  [0, 0.7, 1],
  [0.5, 0.5, 1],
  [0.3, 1, 1],
] as const;
const REGIME_SWITCH_PER_BAR = 1 / 70;
/** GARCH(1,1): persistence α+β = 0.97 gives volatility clusters lasting tens of bars. */
const GARCH_ALPHA = 0.09;
const GARCH_BETA = 0.88;

/**
 * A bar's return variance: GARCH(1,1) whose long-run level switches between calm, normal and wild
 * regimes (a Markov chain), so quiet months and turbulent weeks alternate the way they do in real
 * markets, and a shock raises the next bars' volatility.
 */
export class VolatilityState {
  private regime = 1;
  private variance: number;

  constructor(private readonly sigmaLong: number) {
    this.variance = sigmaLong ** 2;
  }

  /** Standard deviation of the next bar's log return. */
  get sigma(): number {
    return Math.sqrt(this.variance);
  }

  /** 0 calm, 1 normal, 2 wild. */
  get regimeIndex(): number {
    return this.regime;
  }

  /** Possibly moves to another regime; called once per bar before drawing it. */
  maybeSwitch(random: SeededRandom): void {
    if (!random.chance(REGIME_SWITCH_PER_BAR)) return;
    const u = random.uniform();
    const row = REGIME_NEXT[this.regime] ?? REGIME_NEXT[1];
    const next = row.findIndex((edge, i) => i !== this.regime && u < edge);
    this.regime = next === -1 ? 1 : next;
  }

  /**
   * Feeds the bar's unexpected log return back. The shock is capped (a news jump must not explode the
   * variance) and the variance kept within 0.15..12 × the regime's level, so neither a dead market nor a
   * runaway one lasts.
   */
  update(shock: number): void {
    const target = (this.sigmaLong * (REGIME_VOL[this.regime] ?? 1)) ** 2;
    const omega = (1 - GARCH_ALPHA - GARCH_BETA) * target;
    const next = omega + GARCH_ALPHA * Math.min(shock * shock, 16 * target) + GARCH_BETA * this.variance;
    this.variance = Math.min(Math.max(next, 0.15 * target), 12 * target);
  }
}
