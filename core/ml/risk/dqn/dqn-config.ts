/** Everything that shapes a DQN training run; stored in the artifact so a run can be repeated. */
export interface DqnConfig {
  readonly hidden: readonly number[];
  readonly learningRate: number;
  /**
   * Discount per entry. 0.5: a decision mostly answers for its own trade, but the book it leaves (cash,
   * concentration) shapes the next entries, so the next few decisions count a little.
   */
  readonly gamma: number;
  readonly batchSize: number;
  readonly replayCapacity: number;
  /** Transitions collected with random actions before the first gradient step. */
  readonly warmupSteps: number;
  /** Entries decided in total (environment steps); one gradient step per entry after the warm-up. */
  readonly steps: number;
  /** Gradient steps between copies of the online network into the target network. */
  readonly targetSyncEvery: number;
  readonly epsilonStart: number;
  readonly epsilonEnd: number;
  /** Environment steps over which ε falls linearly from start to end. */
  readonly epsilonDecaySteps: number;
  /** Risk aversion of the reward: reward = R − riskAversion · R², with R the trade's P&L in % of equity. */
  readonly riskAversion: number;
  /** Training symbols in one episode's book (drawn per episode). */
  readonly symbolsPerEpisode: number;
  readonly huberDelta: number;
}

/**
 * Sized to train in well under five minutes on one core (wasm backend): ~24k entries, two hidden layers of
 * 64.
 *
 * Risk aversion 8 per %² was chosen on a validation split before the shipped model was evaluated: trained on
 * 1985–2004 (seed 42), replayed on 2005–2009 on the training symbols, rule fixed in advance = the smallest of
 * {0.5, 2, 4, 8} whose book is ≥ 15 % calmer than BOTH baselines' with a Sharpe no worse. Volatility / Sharpe
 * against the volatility-target baseline: a = 0.5 +31 % / +0.23, a = 2 −25 % / −0.52, a = 4 −60 % / −0.21,
 * a = 8 −76 % / +0.26 (single seed, so the Sharpe differences are noisy and not monotonic in a). The first
 * shipped model used a = 0.1, where the penalty hardly binds: it learned 20 % positions with 2.5-ATR stops and
 * ran 45–74 % MORE volatile books than the baselines out of sample.
 */
export const DEFAULT_DQN_CONFIG: DqnConfig = {
  hidden: [64, 64],
  learningRate: 5e-4,
  gamma: 0.5,
  batchSize: 64,
  replayCapacity: 50_000,
  warmupSteps: 2_000,
  steps: 24_000,
  targetSyncEvery: 500,
  epsilonStart: 1,
  epsilonEnd: 0.05,
  epsilonDecaySteps: 12_000,
  riskAversion: 8,
  symbolsPerEpisode: 10,
  huberDelta: 1,
};

/**
 * The reward of one entry: a mean–variance utility of the trade's P&L as a share of equity, R (in %):
 * R − a·R². Chosen over a plain return because the ticket asks for lower portfolio volatility, and the squared
 * P&L of a trade is its contribution to the book's variance: the penalty grows with the square of the size,
 * so doubling a position must more than double its expected gain to pay. Chosen over the differential
 * Sharpe ratio because it is additive per trade and stationary (the differential Sharpe depends on running
 * moments, so the same trade earns a different reward in different episodes, which a replay buffer mixes).
 * A skipped entry earns 0.
 */
export function riskAdjustedReward(tradeReturn: number, riskAversion: number): number {
  const r = 100 * tradeReturn;
  return r - riskAversion * r * r;
}
