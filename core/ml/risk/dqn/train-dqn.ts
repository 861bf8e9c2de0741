import type * as tfTypes from '@tensorflow/tfjs';
import type { TfRuntime } from '../../models/tf-backend.js';
import { seededPermutation, seededUniform, subSeed } from '../../../util/seeded-random.js';
import type { PaperBrokerConfig } from '../../../trading/paper/paper-broker-config.js';
import { expandActions, type ActionGrid } from '../env/risk-actions.js';
import { encodeRiskInput, RISK_INPUT_COUNT } from '../env/risk-observation.js';
import { runPortfolio } from '../env/portfolio-sim.js';
import type { RiskMarket } from '../env/risk-market.js';
import { actionDecision } from './action-decision.js';
import { riskAdjustedReward, type DqnConfig } from './dqn-config.js';
import { argmax, qScratch, qValues, type QNetWeights } from './q-forward.js';
import { buildQNetwork, exportQNetwork } from './q-network.js';
import { ReplayBuffer } from './replay-buffer.js';

/** Where and how the agent trains. */
export interface DqnTrainingSetup {
  readonly market: RiskMarket;
  readonly symbols: readonly string[];
  /** Episodes are calendar years drawn from [firstYear, lastYear]. */
  readonly firstYear: number;
  readonly lastYear: number;
  readonly broker: PaperBrokerConfig;
  readonly maxHoldBars: number;
  readonly initialEquity: number;
  readonly grid: ActionGrid;
  readonly config: DqnConfig;
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A trained Q-network and how its training went. */
export interface TrainedDqn {
  readonly weights: QNetWeights;
  readonly episodes: number;
  readonly steps: number;
  readonly gradientSteps: number;
  /** Mean reward of each tenth of the environment steps: the learning curve. */
  readonly rewardCurve: readonly number[];
  /** Mean Huber loss of each tenth of the gradient steps. */
  readonly lossCurve: readonly number[];
  /** How often each action was taken greedily in the last tenth of training. */
  readonly lateActionCounts: readonly number[];
  readonly seconds: { readonly environment: number; readonly learning: number };
}

const yearStart = (y: number): number => Date.UTC(y, 0, 1);

/**
 * Double DQN with experience replay and a target network. Episodes are one calendar year of a random subset
 * of the training symbols, replayed through `runPortfolio` (the desk's paper broker and RiskState builder);
 * the agent acts ε-greedily with a typed-array copy of the online network taken at each episode start. After
 * each episode, one gradient step per entry it produced: targets r + γ·Q_target(s', argmax_a Q_online(s', a)),
 * Huber loss on the taken action's Q, Adam. Everything random is drawn from generators seeded by `seed`, and
 * tfjs runs single-threaded, so the same seed gives the same weights byte for byte.
 * @throws RangeError when there are no training symbols or years.
 */
export async function trainDqn(t: TfRuntime, setup: DqnTrainingSetup): Promise<TrainedDqn> {
  const { tf } = t;
  const { config: cfg, seed } = setup;
  if (setup.symbols.length === 0) throw new RangeError('no training symbols for the risk model');
  if (setup.lastYear < setup.firstYear) throw new RangeError(`no training years: ${setup.firstYear}..${setup.lastYear}`);
  const actions = expandActions(setup.grid);
  const nA = actions.length;
  const dims = RISK_INPUT_COUNT;
  const online = buildQNetwork(t, dims, cfg.hidden, nA, subSeed(seed, 0));
  const target = buildQNetwork(t, dims, cfg.hidden, nA, subSeed(seed, 0));
  target.setWeights(online.getWeights());
  const optimizer = tf.train.adam(cfg.learningRate);
  const episodeRng = seededUniform(subSeed(seed, 1));
  const actRng = seededUniform(subSeed(seed, 2));
  const batchRng = seededUniform(subSeed(seed, 3));
  const buffer = new ReplayBuffer(cfg.replayCapacity, dims);
  const q = new Float64Array(nA);
  const rewards: number[] = [];
  const losses: number[] = [];
  const lateActions = new Array<number>(nA).fill(0);
  let steps = 0;
  let gradientSteps = 0;
  let episodes = 0;
  let envSeconds = 0;
  let learnSeconds = 0;
  const years = setup.lastYear - setup.firstYear + 1;
  while (steps < cfg.steps) {
    const actor = exportQNetwork(online);
    const scratch = qScratch(actor);
    const year = setup.firstYear + Math.floor(episodeRng() * years);
    const perm = seededPermutation(setup.symbols.length, episodeRng);
    const chosen = new Set<string>();
    for (let i = 0; i < Math.min(cfg.symbolsPerEpisode, perm.length); i++) chosen.add(setup.symbols[perm[i] ?? 0] ?? '');
    const obs: Float32Array[] = [];
    const taken: number[] = [];
    const t0 = performance.now();
    const path = runPortfolio(
      { market: setup.market, symbols: chosen, from: yearStart(year), to: yearStart(year + 1), broker: setup.broker, maxHoldBars: setup.maxHoldBars, initialEquity: setup.initialEquity },
      (input) => {
        const x = new Float32Array(dims);
        encodeRiskInput(input, x);
        const k = steps + obs.length;
        const eps = Math.max(cfg.epsilonEnd, cfg.epsilonStart - ((cfg.epsilonStart - cfg.epsilonEnd) * k) / cfg.epsilonDecaySteps);
        const greedy = argmax(qValues(actor, x, q, scratch), nA);
        const a = k < cfg.warmupSteps || actRng() < eps ? Math.floor(actRng() * nA) : greedy;
        if (k >= cfg.steps * 0.9) lateActions[greedy] = (lateActions[greedy] ?? 0) + 1;
        obs.push(x);
        taken.push(a);
        return actionDecision(actions[a] ?? { size: 0, stopAtr: 0, takeProfitAtr: 0 }, input, 'dqn:training', `action ${a}`);
      },
    );
    envSeconds += (performance.now() - t0) / 1000;
    episodes++;
    const n = path.outcomes.length;
    for (let k = 0; k < n; k++) {
      const o = path.outcomes[k];
      const x = obs[k];
      if (o === undefined || x === undefined) continue;
      const reward = riskAdjustedReward(o.tradeReturn, cfg.riskAversion);
      rewards.push(reward);
      buffer.push({ obs: x, action: taken[k] ?? 0, reward, next: obs[k + 1] ?? x, done: k === n - 1 });
    }
    steps += n;
    setup.onProgress?.(Math.min(steps, cfg.steps), cfg.steps);
    if (buffer.size < cfg.warmupSteps) continue;
    const t1 = performance.now();
    for (let g = 0; g < n; g++) {
      losses.push(gradientStep(t, online, target, optimizer, buffer, batchRng, cfg, nA));
      gradientSteps++;
      if (gradientSteps % cfg.targetSyncEvery === 0) target.setWeights(online.getWeights());
    }
    learnSeconds += (performance.now() - t1) / 1000;
  }
  const weights = exportQNetwork(online);
  online.dispose();
  target.dispose();
  optimizer.dispose();
  return {
    weights, episodes, steps, gradientSteps,
    rewardCurve: tenths(rewards), lossCurve: tenths(losses), lateActionCounts: lateActions,
    seconds: { environment: envSeconds, learning: learnSeconds },
  };
}

/** One double-DQN update on a replayed batch; returns its Huber loss. */
export function gradientStep(t: TfRuntime, online: tfTypes.LayersModel, target: tfTypes.LayersModel, optimizer: tfTypes.Optimizer, buffer: ReplayBuffer, rng: () => number, cfg: DqnConfig, nA: number): number {
  const { tf } = t;
  const dims = buffer.dims;
  const b = cfg.batchSize;
  const idx = buffer.sample(b, rng);
  const xs = new Float32Array(b * dims);
  const xn = new Float32Array(b * dims);
  const onehot = new Float32Array(b * nA);
  for (let r = 0; r < b; r++) {
    const i = idx[r] ?? 0;
    xs.set(buffer.obs.subarray(i * dims, (i + 1) * dims), r * dims);
    xn.set(buffer.next.subarray(i * dims, (i + 1) * dims), r * dims);
    onehot[r * nA + (buffer.actions[i] ?? 0)] = 1;
  }
  const xsT = tf.tensor2d(xs, [b, dims]);
  const xnT = tf.tensor2d(xn, [b, dims]);
  const [qOnline, qTarget] = tf.tidy(() => [(online.predict(xnT) as tfTypes.Tensor).dataSync(), (target.predict(xnT) as tfTypes.Tensor).dataSync()]);
  const y = new Float32Array(b);
  for (let r = 0; r < b; r++) {
    const i = idx[r] ?? 0;
    let next = 0;
    if (buffer.done[i] === 0 && qOnline !== undefined && qTarget !== undefined) {
      const best = argmax(qOnline.subarray(r * nA, (r + 1) * nA), nA);
      next = qTarget[r * nA + best] ?? 0;
    }
    y[r] = (buffer.rewards[i] ?? 0) + cfg.gamma * next;
  }
  const yT = tf.tensor1d(y);
  const maskT = tf.tensor2d(onehot, [b, nA]);
  const loss = optimizer.minimize(() => {
    const qAll = online.apply(xsT, { training: true }) as tfTypes.Tensor;
    const qa = qAll.mul(maskT).sum(1);
    return tf.losses.huberLoss(yT, qa, undefined, cfg.huberDelta) as tfTypes.Scalar;
  }, true);
  const value = loss?.dataSync()[0] ?? Number.NaN;
  tf.dispose([xsT, xnT, yT, maskT, ...(loss === null ? [] : [loss])]);
  return value;
}

function tenths(values: readonly number[]): number[] {
  const out: number[] = [];
  if (values.length === 0) return out;
  for (let k = 0; k < 10; k++) {
    const lo = Math.floor((k * values.length) / 10);
    const hi = Math.max(lo + 1, Math.floor(((k + 1) * values.length) / 10));
    let s = 0;
    for (let i = lo; i < hi && i < values.length; i++) s += values[i] ?? 0;
    out.push(s / (Math.min(hi, values.length) - lo));
  }
  return out;
}
