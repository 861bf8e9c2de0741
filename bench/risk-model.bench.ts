import type { Bar } from '../core/market/bar.js';
import { breakoutSeries } from '../core/ml/labels/testing/breakout-series.js';
import { tfRuntime } from '../core/ml/models/tf-backend.js';
import { fixedFractionSizer } from '../core/ml/risk/baselines/fixed-fraction-sizer.js';
import { volTargetAtrSizer } from '../core/ml/risk/baselines/vol-target-sizer.js';
import { DEFAULT_DQN_CONFIG } from '../core/ml/risk/dqn/dqn-config.js';
import { buildQNetwork } from '../core/ml/risk/dqn/q-network.js';
import { ReplayBuffer } from '../core/ml/risk/dqn/replay-buffer.js';
import { gradientStep } from '../core/ml/risk/dqn/train-dqn.js';
import { expandActions, DEFAULT_ACTION_GRID } from '../core/ml/risk/env/risk-actions.js';
import { runPortfolio } from '../core/ml/risk/env/portfolio-sim.js';
import { buildRiskMarket } from '../core/ml/risk/env/risk-market.js';
import { RISK_INPUT_COUNT } from '../core/ml/risk/env/risk-observation.js';
import { loadRiskModel, SHIPPED_RISK_MODELS } from '../core/ml/risk/load-risk-model.js';
import type { RiskInput, RiskSizer } from '../core/ml/risk/risk-sizer.js';
import { DEFAULT_PAPER_BROKER_CONFIG } from '../core/trading/paper/paper-broker-config.js';
import { seededUniform } from '../core/util/seeded-random.js';
import { fmtRate, latency, median, us } from './stats.js';

/**
 * The risk model's two speeds, each next to a reference measured in the same run:
 * - one sizing decision of the shipped DQN (models/risk/current.json: encode RiskInput → typed-array Q-values
 *   → RiskDecision), p50/p99 per call, next to the volatility-target and fixed-fraction baselines' `size`
 *   on the same inputs. Goal: p99 ≤ 200 µs per proposal.
 * - DQN training: gradient steps per second (double-DQN targets from two predicts + Adam step on the Huber
 *   loss, batch 64), next to a bare tfjs forward/backward (`optimizer.minimize` of an MSE) on the same
 *   network and batch, i.e. what the learning step costs over tfjs's floor.
 */

const REPEATS = 5;
const CALLS = 20_000;

/** RiskInputs as the environment builds them: replayed books over seeded random walks. */
function inputs(): RiskInput[] {
  const bars = new Map<string, readonly Bar[]>(['S0', 'S1', 'S2', 'S3', 'S4', 'S5'].map((s, i) => [s, breakoutSeries(200 + i, 2000, s, '1d', Date.UTC(2010, 0, 1))]));
  const market = buildRiskMarket(bars, { cooldownBars: 8 });
  const sizer = fixedFractionSizer();
  const path = runPortfolio({ market, symbols: new Set(bars.keys()), from: 0, to: Date.UTC(2030, 0, 1), broker: DEFAULT_PAPER_BROKER_CONFIG, maxHoldBars: 5, initialEquity: 100_000 }, (i) => sizer.size(i));
  return path.outcomes.map((o) => o.input);
}

export async function run(): Promise<void> {
  const loaded = loadRiskModel(SHIPPED_RISK_MODELS);
  const ins = inputs();
  let sink = 0;
  const measure = (sizer: RiskSizer): { p50: number; p99: number } => {
    const runs = Array.from({ length: REPEATS }, () => latency(CALLS, (i) => {
      const d = sizer.size(ins[i % ins.length] as RiskInput);
      sink += d.ok ? d.value.quantity : 0;
    }));
    return { p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) };
  };
  const vol = measure(volTargetAtrSizer());
  const fixed = measure(fixedFractionSizer());
  console.log(`${ins.length} distinct RiskInputs from replayed books; medians of ${REPEATS} runs of ${CALLS} calls`);
  if (loaded.ok) {
    const dqn = measure(loaded.value);
    console.log(`one decision  DQN ${loaded.value.id}: p50 ${us(dqn.p50)}  p99 ${us(dqn.p99)}   goal p99 <= 200 µs: ${dqn.p99 <= 200 ? 'met' : 'NOT met'}`);
    console.log(`              vol-target baseline:  p50 ${us(vol.p50)}  p99 ${us(vol.p99)}   DQN/baseline p99 ${(dqn.p99 / vol.p99).toFixed(2)}x`);
  } else {
    console.log(`one decision  DQN skipped: ${loaded.error}`);
    console.log(`              vol-target baseline:  p50 ${us(vol.p50)}  p99 ${us(vol.p99)}`);
  }
  console.log(`              fixed-fraction:       p50 ${us(fixed.p50)}  p99 ${us(fixed.p99)}`);

  const t = await tfRuntime();
  const { tf } = t;
  const nA = expandActions(DEFAULT_ACTION_GRID).length;
  const cfg = DEFAULT_DQN_CONFIG;
  const rnd = seededUniform(1);
  const buffer = new ReplayBuffer(5_000, RISK_INPUT_COUNT);
  for (let i = 0; i < 5_000; i++) {
    const x = Array.from({ length: RISK_INPUT_COUNT }, () => rnd() * 2 - 1);
    buffer.push({ obs: x, action: Math.floor(rnd() * nA), reward: rnd() - 0.5, next: x.map((v) => v * 0.9), done: rnd() < 0.05 });
  }
  const online = buildQNetwork(t, RISK_INPUT_COUNT, cfg.hidden, nA, 1);
  const target = buildQNetwork(t, RISK_INPUT_COUNT, cfg.hidden, nA, 1);
  const opt = tf.train.adam(cfg.learningRate);
  const STEPS = 300;
  for (let i = 0; i < 50; i++) sink += gradientStep(t, online, target, opt, buffer, rnd, cfg, nA);
  const ours = median(Array.from({ length: REPEATS }, () => {
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) sink += gradientStep(t, online, target, opt, buffer, rnd, cfg, nA);
    return STEPS / ((performance.now() - t0) / 1000);
  }));
  const xs = tf.tensor2d(buffer.obs.subarray(0, cfg.batchSize * RISK_INPUT_COUNT), [cfg.batchSize, RISK_INPUT_COUNT]);
  const ys = tf.randomNormal([cfg.batchSize, nA], 0, 1, 'float32', 3);
  const bare = median(Array.from({ length: REPEATS }, () => {
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) {
      const loss = opt.minimize(() => tf.losses.meanSquaredError(ys, online.apply(xs) as ReturnType<typeof tf.tensor>) as ReturnType<typeof tf.scalar>, true);
      sink += loss?.dataSync()[0] ?? 0;
      loss?.dispose();
    }
    return STEPS / ((performance.now() - t0) / 1000);
  }));
  tf.dispose([xs, ys]);
  online.dispose();
  target.dispose();
  if (Number.isNaN(sink)) console.log('(no value)');
  console.log(`training      DQN gradient step (batch ${cfg.batchSize}, ${cfg.hidden.join('x')}, ${nA} actions, tfjs ${t.backend}): ${fmtRate(ours)} steps`);
  console.log(`              bare tfjs forward/backward, same net and batch:  ${fmtRate(bare)} steps   DQN/bare ${(ours / bare).toFixed(2)}x`);
}
