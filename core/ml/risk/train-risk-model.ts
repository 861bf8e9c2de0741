import type { Bar } from '../../market/bar.js';
import { DEFAULT_PAPER_BROKER_CONFIG, type PaperBrokerConfig } from '../../trading/paper/paper-broker-config.js';
import { sha256Hex, stableJson, textFile } from '../artifact/write-artifact.js';
import { tfRuntime } from '../models/tf-backend.js';
import { writeRiskArtifact } from './artifact/risk-artifact.js';
import type { RiskManifest } from './artifact/risk-manifest.js';
import { FIXED_FRACTION_ID, fixedFractionSizer } from './baselines/fixed-fraction-sizer.js';
import { DEFAULT_VOL_TARGET, VOL_TARGET_ID, volTargetAtrSizer } from './baselines/vol-target-sizer.js';
import { DEFAULT_DQN_CONFIG, type DqnConfig } from './dqn/dqn-config.js';
import { encodeQWeights } from './dqn/q-network.js';
import { trainDqn, type TrainedDqn } from './dqn/train-dqn.js';
import { DqnRiskSizer } from './dqn-risk-sizer.js';
import { actionGridHash, DEFAULT_ACTION_GRID, expandActions } from './env/risk-actions.js';
import { buildRiskMarket } from './env/risk-market.js';
import { RISK_INPUT_NAMES, RISK_INPUTS_HASH } from './env/risk-observation.js';
import { evaluationMarkdown, summariseEvaluation, type RiskEvaluationReport } from './evaluation/risk-report.js';
import { walkForward, type EvaluatedSizer, type EvaluationCell } from './evaluation/walk-forward-eval.js';
import { NETWORK_FILE, WEIGHTS_FILE } from './load-risk-model.js';

/**
 * Symbols never trained on, evaluated as their own book: one per sector-ish group of the shared data
 * (industrial, media, chips, healthcare, bank, energy), fixed rather than drawn so every seed and every
 * retraining is judged on the same names.
 */
export const DEFAULT_HELD_OUT = ['CAT', 'DIS', 'INTC', 'JNJ', 'USB', 'XOM'] as const;

/** Bars a trade may stay open after its entry bar before a market exit (four trading weeks). */
export const MAX_HOLD_BARS = 20;

export const INITIAL_EQUITY = 100_000;

export interface TrainRiskOptions {
  /** Daily bars per symbol, oldest first (from the BarStore). */
  readonly bars: ReadonlyMap<string, readonly Bar[]>;
  readonly seed: number;
  /** Models trained for the evaluation, seeds `seed`, `seed + 1`, …; the first is shipped. 0 = no evaluation. */
  readonly evalSeeds: number;
  readonly heldOut: readonly string[];
  readonly firstYear: number;
  readonly trainEndYear: number;
  readonly testEndYear: number;
  readonly outDir: string;
  readonly createdFromCommit: string | null;
  readonly config?: DqnConfig;
  readonly broker?: PaperBrokerConfig;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface TrainedRiskModel {
  readonly dir: string;
  readonly manifest: RiskManifest;
  readonly markdown: string;
  readonly report: RiskEvaluationReport | undefined;
  readonly training: TrainedDqn;
  /** Wall time of each trained seed, seconds (not written into the artifact, which must be byte-stable). */
  readonly trainSeconds: readonly number[];
}

/**
 * `desk train risk`: builds the environment over the daily bars (entries from the breakout rule, the paper
 * broker's costs), trains the DQN with each seed on the training symbols up to `trainEndYear`, evaluates every
 * seed's model and both baselines walk-forward on the later years (training symbols and held-out symbols as two
 * books), and writes the first seed's model with the report to `<outDir>/<version>/`.
 * @throws RangeError when the data cannot support the split.
 */
export async function trainRiskModel(o: TrainRiskOptions): Promise<TrainedRiskModel> {
  const config = o.config ?? DEFAULT_DQN_CONFIG;
  const broker = o.broker ?? DEFAULT_PAPER_BROKER_CONFIG;
  if (o.trainEndYear < o.firstYear || o.testEndYear <= o.trainEndYear) throw new RangeError(`years must satisfy first ≤ train-end < test-end, got ${o.firstYear}, ${o.trainEndYear}, ${o.testEndYear}`);
  const symbols = [...o.bars.keys()].sort();
  const heldOut = o.heldOut.filter((s) => o.bars.has(s));
  const missing = o.heldOut.filter((s) => !o.bars.has(s));
  if (missing.length > 0) throw new RangeError(`held-out symbols without bars: ${missing.join(', ')}`);
  const trainSymbols = symbols.filter((s) => !heldOut.includes(s));
  if (trainSymbols.length === 0) throw new RangeError('no training symbols left after holding out');
  // Training bars end with the training years, so no trade of a training episode sees a later bar.
  const trainEnd = Date.UTC(o.trainEndYear + 1, 0, 1);
  const trainBars = new Map(trainSymbols.map((s) => [s, (o.bars.get(s) ?? []).filter((b) => b.time < trainEnd)]));
  const cooldownBars = MAX_HOLD_BARS + 3;
  const trainMarket = buildRiskMarket(trainBars, { cooldownBars });
  const t = await tfRuntime();
  const seeds = Array.from({ length: Math.max(1, o.evalSeeds) }, (_, i) => o.seed + i);
  const trained: TrainedDqn[] = [];
  const trainSeconds: number[] = [];
  for (const s of seeds) {
    const t0 = performance.now();
    trained.push(await trainDqn(t, {
      market: trainMarket, symbols: trainSymbols, firstYear: o.firstYear, lastYear: o.trainEndYear, broker, maxHoldBars: MAX_HOLD_BARS,
      initialEquity: INITIAL_EQUITY, grid: DEFAULT_ACTION_GRID, config, seed: s,
      ...(o.onProgress === undefined ? {} : { onProgress: (d: number, n: number) => o.onProgress?.(`train seed ${s}`, d, n) }),
    }));
    trainSeconds.push((performance.now() - t0) / 1000);
  }
  const primary = trained[0];
  if (primary === undefined) throw new RangeError('no model trained');
  const { shape, bytes } = encodeQWeights(primary.weights);
  const weightsSha256 = sha256Hex(bytes);
  const version = `v1-${weightsSha256.slice(0, 12)}`;
  let report: RiskEvaluationReport | undefined;
  let controlNote = '';
  if (o.evalSeeds > 0) {
    const market = buildRiskMarket(o.bars, { cooldownBars });
    const sizers: EvaluatedSizer[] = [
      ...trained.map((tr, i) => ({ id: `risk:seed-${seeds[i] ?? 0}`, group: 'DQN', seed: seeds[i] ?? 0, sizer: new DqnRiskSizer(`seed-${seeds[i] ?? 0}`, tr.weights, DEFAULT_ACTION_GRID) })),
      { id: FIXED_FRACTION_ID, group: 'fixed-fraction', sizer: fixedFractionSizer() },
      { id: VOL_TARGET_ID, group: 'vol-target-atr', sizer: volTargetAtrSizer() },
    ];
    const universes = [{ name: 'held-out symbols', symbols: heldOut }, { name: 'training symbols, later years', symbols: trainSymbols }].filter((u) => u.symbols.length > 0);
    const years = Array.from({ length: o.testEndYear - o.trainEndYear }, (_, i) => o.trainEndYear + 1 + i);
    const evaluate = (stage: string, list: readonly EvaluatedSizer[]): EvaluationCell[] => walkForward({
      market, universes, years, sizers: list, broker, maxHoldBars: MAX_HOLD_BARS, initialEquity: INITIAL_EQUITY,
      ...(o.onProgress === undefined ? {} : { onProgress: (d: number, n: number) => o.onProgress?.(stage, d, n) }),
    });
    const cells = evaluate('evaluate', sizers);
    // A book that trades smaller is calmer whatever sizes it: the control is the vol-target rule scaled to
    // the DQN's mean position, so the comparison with it shows what the model's choices add beyond trading less.
    const scale = meanPosition(cells, 'DQN') / meanPosition(cells, 'vol-target-atr');
    if (Number.isFinite(scale) && scale > 0) {
      const riskPerTrade = DEFAULT_VOL_TARGET.riskPerTrade * scale;
      cells.push(...evaluate('evaluate control', [{ id: 'control:vol-target-matched', group: 'vol-target at DQN size', sizer: volTargetAtrSizer({ riskPerTrade }) }]));
      controlNote = `Control "vol-target at DQN size": the vol-target rule with its risk per trade scaled by ${scale.toFixed(3)} (to ${(riskPerTrade * 100).toFixed(3)}% of equity), the DQN's mean position over the baseline's in this evaluation; it tells trading less apart from sizing better.`;
    }
    report = { universes, ...summariseEvaluation(cells, 'DQN', o.seed) };
  }
  const header = [
    `# Risk model ${version}`, '',
    `Double DQN (${config.hidden.join('×')} ReLU, ${expandActions(DEFAULT_ACTION_GRID).length} actions) trained on ${trainSymbols.length} symbols, ${o.firstYear}–${o.trainEndYear}, ${primary.steps} entries over ${primary.episodes} one-year episodes, seed ${o.seed}; evaluated with seeds ${seeds.join(', ')}.`,
    `Entries: the breakout rule (label spec event), one per symbol per ${cooldownBars} bars, the same for every sizer. Trades: the paper broker (${broker.slippageBps} bps slippage, $${broker.commission.perShare}/share, min $${broker.commission.minimumPerOrder}), market entry at the next open, stop + target as OCO, market exit after ${MAX_HOLD_BARS} bars. Book: $${INITIAL_EQUITY.toLocaleString('en-US')} per window.`,
    `Reward per entry: R − ${config.riskAversion}·R², R = the trade's P&L in % of equity. Learning curve (mean reward per tenth of training): ${primary.rewardCurve.map((x) => x.toFixed(3)).join(' ')}.`,
    ...(controlNote === '' ? [] : [controlNote]),
  ];
  const markdown = report === undefined ? `${header.join('\n')}\n\n(no evaluation: --eval-seeds 0)\n` : evaluationMarkdown(report, header);
  const files = new Map<string, Uint8Array>([
    [NETWORK_FILE, textFile(stableJson(shape))],
    [WEIGHTS_FILE, bytes],
    ['training.json', textFile(stableJson({ config, grid: DEFAULT_ACTION_GRID, maxHoldBars: MAX_HOLD_BARS, initialEquity: INITIAL_EQUITY, seeds, runs: trained.map((tr, i) => ({ seed: seeds[i], weightsSha256: sha256Hex(encodeQWeights(tr.weights).bytes), episodes: tr.episodes, steps: tr.steps, gradientSteps: tr.gradientSteps, rewardCurve: tr.rewardCurve, lossCurve: tr.lossCurve, lateActionCounts: tr.lateActionCounts })) }))],
    ['report.md', textFile(markdown)],
    ...(report === undefined ? [] : [['report.json', textFile(stableJson(report))] as [string, Uint8Array]]),
  ]);
  const headline = report?.summaries.filter((s) => s.group === 'DQN' && s.universe === 'held-out symbols')[0];
  const metrics: RiskManifest['metrics'] = {};
  if (headline !== undefined) {
    for (const [k, e] of Object.entries(headline.metrics)) metrics[`heldOut.${k}`] = { value: nullable(e.value), low: nullable(e.low), high: nullable(e.high) };
  }
  const { dir, manifest } = writeRiskArtifact(o.outDir, files, {
    version, createdFromCommit: o.createdFromCommit, inputsHash: RISK_INPUTS_HASH, inputNames: [...RISK_INPUT_NAMES],
    actionGridHash: actionGridHash(DEFAULT_ACTION_GRID), actionGrid: { ...DEFAULT_ACTION_GRID, sizes: [...DEFAULT_ACTION_GRID.sizes], stopsAtr: [...DEFAULT_ACTION_GRID.stopsAtr], takeProfitsAtr: [...DEFAULT_ACTION_GRID.takeProfitsAtr] },
    seed: o.seed,
    training: { firstYear: o.firstYear, lastYear: o.trainEndYear, symbols: trainSymbols, heldOutSymbols: heldOut, steps: primary.steps, episodes: primary.episodes },
    broker: { ...broker }, weightsSha256, metrics,
  });
  return { dir, manifest, markdown, report, training: primary, trainSeconds };
}

/** Mean position (% of equity) of a group's books that traded. */
function meanPosition(cells: readonly EvaluationCell[], group: string): number {
  const xs = cells.filter((c) => c.group === group && c.trades > 0).map((c) => c.meanPosition);
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);
