import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ingestPath } from '../../ingest/ingest-path.js';
import type { Bar } from '../../market/bar.js';
import { RISK_CURRENT_FILE, SHIPPED_RISK_MODELS } from '../../ml/risk/load-risk-model.js';
import { DEFAULT_DQN_CONFIG } from '../../ml/risk/dqn/dqn-config.js';
import { DEFAULT_HELD_OUT, trainRiskModel, type TrainedRiskModel } from '../../ml/risk/train-risk-model.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase } from '../../storage/open-database.js';
import { makeScratchDir } from './scratch-dir.js';
import { gitCommit, progressReporter, resolveDailyDataDir, TrainUsageError } from './train-command.js';

/** Flags of `desk train risk` as commander hands them over. */
export interface TrainRiskFlags {
  readonly data?: string;
  readonly out: string;
  readonly seed: string;
  readonly evalSeeds: string;
  readonly firstYear: string;
  readonly trainEnd: string;
  readonly testEnd: string;
  readonly heldOut: string;
  readonly steps?: string;
  readonly riskAversion?: string;
}

const int = (name: string, raw: string, min: number): number => {
  const v = Number(raw);
  if (!(Number.isInteger(v) && v >= min)) throw new TrainUsageError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return v;
};

/**
 * Imports the daily CSVs into a scratch database (the same path as `desk train`), reads every symbol's bars
 * back from the BarStore, trains and evaluates the risk model and points `--out/current.json` at it.
 * @throws TrainUsageError for bad flags or missing data; RangeError when the data cannot support the split.
 */
export async function runTrainRisk(flags: TrainRiskFlags, io: { progress?: (stage: string, done: number, total: number) => void; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<TrainedRiskModel> {
  const seed = int('--seed', flags.seed, 0);
  const evalSeeds = int('--eval-seeds', flags.evalSeeds, 0);
  const steps = flags.steps === undefined ? DEFAULT_DQN_CONFIG.steps : int('--steps', flags.steps, 1);
  const heldOut = flags.heldOut.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const dataDir = resolveDailyDataDir(flags.data, io.env, io.cwd);
  const scratch = makeScratchDir();
  const db = openDatabase(path.join(scratch.dir, 'train-risk.db'));
  try {
    const store = new BarStore(db);
    const imported = ingestPath(dataDir, store);
    if (!imported.ok) throw new TrainUsageError(`cannot import ${dataDir}: ${imported.error}`);
    const bars = new Map<string, readonly Bar[]>(store.symbols('1d').map((s) => [s, store.query({ symbol: s, interval: '1d' })]));
    const outDir = path.resolve(io.cwd ?? process.cwd(), flags.out);
    const riskAversion = flags.riskAversion === undefined ? DEFAULT_DQN_CONFIG.riskAversion : Number(flags.riskAversion);
    if (!(Number.isFinite(riskAversion) && riskAversion >= 0)) throw new TrainUsageError(`--risk-aversion must be a number >= 0, got "${flags.riskAversion ?? ''}"`);
    const scaled = steps === DEFAULT_DQN_CONFIG.steps ? { ...DEFAULT_DQN_CONFIG, riskAversion } : {
      ...DEFAULT_DQN_CONFIG, steps, riskAversion,
      warmupSteps: Math.min(DEFAULT_DQN_CONFIG.warmupSteps, Math.ceil(steps / 4)),
      epsilonDecaySteps: Math.ceil(steps / 2),
    };
    const model = await trainRiskModel({
      bars, seed, evalSeeds, heldOut, outDir, createdFromCommit: gitCommit(), config: scaled,
      firstYear: int('--first-year', flags.firstYear, 1900), trainEndYear: int('--train-end', flags.trainEnd, 1900), testEndYear: int('--test-end', flags.testEnd, 1900),
      ...(io.progress === undefined ? {} : { onProgress: io.progress }),
    });
    writeFileSync(path.join(outDir, RISK_CURRENT_FILE), `${JSON.stringify({ version: model.manifest.version }, null, 2)}\n`);
    return model;
  } finally {
    db.close();
    scratch.remove();
  }
}

/**
 * Commander lets `desk train` consume its own flags (--out, --seed, --data, --train-end, --test-end,
 * --held-out) wherever they appear, also after `risk`, so a value given on the command line lands on the
 * parent: take it from there when the parent got it from the command line.
 */
function withParentFlags(own: TrainRiskFlags, parent: Command | null): TrainRiskFlags {
  if (parent === null) return own;
  const merged: Record<string, unknown> = { ...own };
  for (const key of ['data', 'out', 'seed', 'trainEnd', 'testEnd', 'heldOut'] as const) {
    if (parent.getOptionValueSource(key) === 'cli') merged[key] = parent.getOptionValue(key);
  }
  return merged as unknown as TrainRiskFlags;
}

/**
 * Registers `desk train risk` as a subcommand of `desk train` (which keeps training the breakout model when
 * called without one); creates a bare `train` command when none is registered yet.
 */
export function registerTrainRiskCommand(program: Command): void {
  const train = program.commands.find((c) => c.name() === 'train') ?? program.command('train').description('Train a model');
  train
    .command('risk')
    .description('Train the DQN risk model in the paper broker, evaluate it walk-forward against both baselines, and write models/risk/<version>/')
    .option('--data <dir>', 'folder of daily CSVs (default: $DESK_SHARED_DATA/daily, else ../shared/data/daily)')
    .option('--out <dir>', 'folder of risk model versions', SHIPPED_RISK_MODELS)
    .option('--seed <n>', 'seed of the shipped model; evaluation seeds follow it', '42')
    .option('--eval-seeds <n>', 'models trained for the evaluation (the first is shipped); 0 skips the evaluation', '3')
    .option('--first-year <year>', 'first training year', '1985')
    .option('--train-end <year>', 'last training year', '2009')
    .option('--test-end <year>', 'last evaluation year', '2017')
    .option('--held-out <list>', 'comma list of symbols never trained on', DEFAULT_HELD_OUT.join(','))
    .option('--steps <n>', `entries per training (default ${DEFAULT_DQN_CONFIG.steps})`)
    .option('--risk-aversion <a>', `reward = R − a·R², R = trade P&L in % of equity (default ${DEFAULT_DQN_CONFIG.riskAversion})`)
    .action(async (own: TrainRiskFlags, cmd: Command) => {
      const flags = withParentFlags(own, cmd.parent);
      const progress = progressReporter(process.stderr, process.stderr.isTTY === true);
      try {
        const model = await runTrainRisk(flags, { progress: progress.update });
        progress.stop();
        process.stdout.write(`${model.markdown}\ntraining seconds per seed: ${model.trainSeconds.map((s) => s.toFixed(0)).join(', ')}\nweights sha256: ${model.manifest.weightsSha256}\nwritten: ${model.dir}\n`);
      } catch (error) {
        progress.stop();
        if (!(error instanceof TrainUsageError || error instanceof RangeError)) throw error;
        process.stderr.write(`desk train risk: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
