import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ingestPath } from '../../ingest/ingest-path.js';
import { DEFAULT_SPLIT, type SplitPlan } from '../../ml/training/evaluation-plan.js';
import type { EnsembleTrainer } from '../../ml/training/fold-predictions.js';
import { trainBreakoutModel, type TrainedBreakoutModel } from '../../ml/training/train-breakout-model.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase } from '../../storage/open-database.js';
import { makeScratchDir } from './scratch-dir.js';
import { SHIPPED_BREAKOUT_MODELS } from '../../ml/inference/shipped-models.js';

/** Flags of `desk train` as commander hands them over. */
export interface TrainFlags {
  readonly data?: string;
  readonly out: string;
  readonly seed: string;
  readonly trainEnd: string;
  readonly testEnd: string;
  readonly heldOut: string;
  readonly mode: string;
}

/** A flag or environment problem the user can fix; printed without a stack. */
export class TrainUsageError extends Error {}

/** Pointer file naming the version the desk serves by default. */
export const CURRENT_FILE = 'current.json';

/**
 * The daily data folder: --data, else DESK_SHARED_DATA/daily, else ../shared/data/daily next to the
 * working directory (the same default as the tests' `sharedDataDir()`).
 * @throws TrainUsageError naming the folder looked for and how to point elsewhere.
 */
export function resolveDailyDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const dir = flag !== undefined ? path.resolve(cwd, flag) : path.resolve(cwd, env['DESK_SHARED_DATA'] ?? '../shared/data', 'daily');
  if (!existsSync(dir)) {
    throw new TrainUsageError(`no daily data at ${dir}: pass --data <folder of daily CSVs> or set DESK_SHARED_DATA to the shared data folder`);
  }
  return dir;
}

const int = (name: string, raw: string): number => {
  const v = Number(raw);
  if (!Number.isInteger(v)) throw new TrainUsageError(`${name} must be an integer, got "${raw}"`);
  return v;
};

/** Parses the split flags. @throws TrainUsageError for a bad value. */
export function parseSplit(flags: Pick<TrainFlags, 'trainEnd' | 'testEnd' | 'heldOut' | 'mode'>): SplitPlan {
  if (flags.mode !== 'single' && flags.mode !== 'yearly') throw new TrainUsageError(`--mode must be single or yearly, got "${flags.mode}"`);
  const heldOut = /^\d+$/.test(flags.heldOut) ? Number(flags.heldOut) : flags.heldOut.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { trainEndYear: int('--train-end', flags.trainEnd), testEndYear: int('--test-end', flags.testEnd), heldOutSymbols: heldOut, mode: flags.mode };
}

/** The commit the working tree is on, stamped into a trained model's manifest; null outside a git checkout. */
export const gitCommit = (): string | null => {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
};

/** Progress as a bar on a terminal, else one line per stage and per tenth of it (logs stay short). */
export function progressReporter(stream: NodeJS.WritableStream, tty: boolean): { update(stage: string, done: number, total: number): void; stop(): void } {
  let current = '';
  let lastTenth = -1;
  const bar = tty ? new SingleBar({ stream, format: '{stage} |{bar}| {value}/{total}', hideCursor: true, noTTYOutput: true }, Presets.shades_classic) : undefined;
  return {
    update(stage, done, total) {
      if (bar !== undefined) {
        if (stage !== current) {
          bar.stop();
          bar.start(total, done, { stage });
          current = stage;
        }
        bar.update(done, { stage });
        return;
      }
      const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (stage === current && tenth === lastTenth) return;
      current = stage;
      lastTenth = tenth;
      stream.write(`${stage}: ${done}/${total}\n`);
    },
    stop: () => bar?.stop(),
  };
}

/**
 * `desk train`: imports the daily CSVs into a scratch database, trains and evaluates, writes the artifact
 * under `--out/<version>/` and points `--out/current.json` at it.
 * @throws TrainUsageError for bad flags or missing data.
 */
export async function runTrain(flags: TrainFlags, io: { progress?: (stage: string, done: number, total: number) => void; trainer?: EnsembleTrainer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<TrainedBreakoutModel> {
  const seed = int('--seed', flags.seed);
  const split = parseSplit(flags);
  const dataDir = resolveDailyDataDir(flags.data, io.env, io.cwd);
  const scratch = makeScratchDir();
  const db = openDatabase(path.join(scratch.dir, 'train.db'));
  try {
    const bars = new BarStore(db);
    const imported = ingestPath(dataDir, bars);
    if (!imported.ok) throw new TrainUsageError(`cannot import ${dataDir}: ${imported.error}`);
    const outDir = path.resolve(io.cwd ?? process.cwd(), flags.out);
    const model = await trainBreakoutModel({
      db, symbols: bars.symbols('1d'), split, seed, outDir, createdFromCommit: gitCommit(),
      ...(io.progress === undefined ? {} : { onProgress: io.progress }), ...(io.trainer === undefined ? {} : { trainer: io.trainer }),
    });
    writeFileSync(path.join(outDir, CURRENT_FILE), `${JSON.stringify({ version: model.manifest.version }, null, 2)}\n`);
    return model;
  } finally {
    db.close();
    scratch.remove();
  }
}

/** Registers `desk train`. */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('Train the breakout ensemble on daily CSVs, evaluate it out of sample against the baseline, and write models/breakout/<version>/')
    .option('--data <dir>', 'folder of daily CSVs (default: $DESK_SHARED_DATA/daily, else ../shared/data/daily)')
    .option('--out <dir>', 'folder of model versions', SHIPPED_BREAKOUT_MODELS)
    .option('--seed <n>', 'seed for everything random', '42')
    .option('--train-end <year>', 'last training year', String(DEFAULT_SPLIT.trainEndYear))
    .option('--test-end <year>', 'last test year', String(DEFAULT_SPLIT.testEndYear))
    .option('--held-out <n|list>', 'symbols never trained on: a count picked from the seed, or a comma list', String(DEFAULT_SPLIT.heldOutSymbols))
    .option('--mode <mode>', 'single (one model, all later years) or yearly (walk-forward, one model per test year)', DEFAULT_SPLIT.mode)
    .action(async (flags: TrainFlags) => {
      const progress = progressReporter(process.stderr, process.stderr.isTTY === true);
      try {
        const model = await runTrain(flags, { progress: progress.update });
        progress.stop();
        process.stdout.write(`${model.markdown}\nwritten: ${model.dir}\n`);
      } catch (error) {
        progress.stop();
        if (!(error instanceof TrainUsageError || error instanceof RangeError)) throw error;
        process.stderr.write(`desk train: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
