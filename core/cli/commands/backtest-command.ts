import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MultiBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { runBacktest } from '../../backtest/backtest-runner.js';
import type { BacktestConfig, BacktestPolicy, BacktestResult, BaselineComparison, RunBacktest, WalkForwardConfig, WalkForwardResult } from '../../backtest/backtest-types.js';
import { compareRuns } from '../../backtest/metrics/baseline-comparison.js';
import { runWalkForward } from '../../backtest/walk-forward.js';
import { buildBacktestReport } from '../../backtest/report/build-report.js';
import type { BacktestReport } from '../../backtest/report/report-schema.js';
import { writeBacktestReport } from '../../backtest/report/write-report.js';
import { runStressSuite, type StressReport } from '../../backtest/stress/stress-suite.js';
import { isInterval } from '../../market/interval.js';
import { BarStore } from '../../storage/bar-store.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { SystemClock } from '../../time/system-clock.js';
import { openDatabase } from '../../storage/open-database.js';
import type { Result } from '../../util/result.js';
import { NoDatabaseError } from './db-command.js';
import { FeaturesUsageError, parseTimeFlag } from './features-command.js';
import { paperPredictor } from './paper-command.js';

export interface BacktestOptions {
  /** Comma-separated; omitted: every stored series of the interval. */
  readonly symbols?: string;
  readonly from?: string;
  readonly to?: string;
  readonly interval: string;
  readonly cash: string;
  readonly seed: string;
  readonly model: string;
  readonly modelsDir?: string;
  readonly out: string;
  /** commander's --no-baseline: false skips the ML against baseline run. */
  readonly baseline: boolean;
  readonly walkForward?: boolean;
  readonly trainBars: string;
  readonly testBars: string;
  readonly stress?: boolean;
  readonly mcRuns: string;
  /** --kill-switch-reset: 'never' (default, the desk's behaviour) or 'next-day'. */
  readonly killSwitchReset?: string;
}

/** A phase's progress, for the progress bars (or a test's record of them). */
export interface BacktestPhases {
  start(name: string, total: number): void;
  update(name: string, done: number, total: number): void;
  stop(): void;
}

/**
 * What the command needs of the engine. The runner is the desk engine's; comparison and walk-forward come
 * from the engine's own modules when given (the CLI only wires them).
 */
export interface BacktestEngine {
  readonly run: RunBacktest;
  readonly compare?: (ml: BacktestResult, baseline: BacktestResult, seed: number) => BaselineComparison;
  readonly walkForward?: (config: WalkForwardConfig) => Promise<Result<WalkForwardResult, string>>;
}

const wholeNumber = (flag: string, text: string, min: number): number => {
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min)) throw new FeaturesUsageError(`${flag} ${text} must be a whole number ≥ ${min}`);
  return n;
};

/**
 * Automation confirms the serving predictor's signals. The baseline claims confidence 0, so a confidence floor
 * would stop it trading at all; it trades every signal its rule fires, as the rule-based twin does.
 */
export const policyFor = (model: boolean): BacktestPolicy => ({ kind: 'automation', minConfidence: model ? 0.3 : 0, maxPositionWeight: 0.2 });

const unwrap = <T>(r: Result<T, string>, what: string): T => {
  if (!r.ok) throw new FeaturesUsageError(`${what}: ${r.error}`);
  return r.value;
};

/**
 * `desk backtest`: backtests stored series from the desk database `file` through the desk engine (the ML
 * model, and the baseline on the same bars), optionally walk-forward and stress tests, and writes
 * report.json and report.html to `--out`. Pure apart from those files, so it is tested without a process.
 * @throws FeaturesUsageError for unusable flags or a run the engine refuses; NoDatabaseError for a missing file.
 */
export async function runBacktestCommand(
  file: string,
  options: BacktestOptions,
  deps: { readonly engine: BacktestEngine; readonly phases?: BacktestPhases; readonly now: () => number; readonly command?: string },
): Promise<{ readonly report: BacktestReport; readonly json: string; readonly html: string; readonly text: string }> {
  if (!isInterval(options.interval)) throw new FeaturesUsageError(`--interval ${options.interval} is not one of 1m, 5m, 15m, 1h, 1d`);
  const interval = options.interval;
  const seed = wholeNumber('--seed', options.seed, 0);
  const startingCash = Number(options.cash);
  if (!(Number.isFinite(startingCash) && startingCash > 0)) throw new FeaturesUsageError(`--cash ${options.cash} must be a positive number`);
  const mcRuns = wholeNumber('--mc-runs', options.mcRuns, 1);
  const killSwitchReset = options.killSwitchReset ?? 'never';
  if (killSwitchReset !== 'never' && killSwitchReset !== 'next-day') throw new FeaturesUsageError(`--kill-switch-reset ${killSwitchReset} must be next-day or never`);
  const from = parseTimeFlag('--from', options.from);
  const to = parseTimeFlag('--to', options.to);
  if (from !== undefined && to !== undefined && from > to) throw new FeaturesUsageError(`--from ${options.from} is after --to ${options.to}`);
  const source = path.resolve(file);
  if (!existsSync(source)) throw new NoDatabaseError(source);
  const predictor = paperPredictor(options, interval);
  const db = openDatabase(source);
  const phases = deps.phases;
  try {
    const store = new BarStore(db);
    const extents = store.summary().filter((s) => s.interval === interval);
    const stored = extents.map((s) => s.symbol);
    const asked = options.symbols === undefined ? stored : options.symbols.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
    const missing = asked.filter((s) => !stored.includes(s));
    if (asked.length === 0) throw new FeaturesUsageError(`no stored ${interval} series in ${source}: import some with desk ingest first`);
    if (missing.length > 0) throw new FeaturesUsageError(`no stored ${interval} bars for ${missing.join(', ')} in ${source}`);
    const progress = (name: string) => (p: { barsDone: number; barsTotal: number }): void => phases?.update(name, p.barsDone, p.barsTotal);
    const base: BacktestConfig = {
      symbols: asked, interval, bars: store, startingCash, strategy: { kind: 'breakout', predictor }, policy: policyFor(predictor.source.kind === 'model'), killSwitchReset,
      ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
    };
    const timed = async (name: string, config: BacktestConfig): Promise<BacktestResult> => {
      phases?.start(name, 1);
      return unwrap(await deps.engine.run({ ...config, onProgress: progress(name) }), `${name} run`);
    };
    const main = await timed('backtest', base);
    let comparison: BaselineComparison | undefined;
    // The comparison is only meaningful when a model served; a baseline run compared with itself says nothing.
    if (options.baseline && main.servedBy?.kind === 'model' && deps.engine.compare !== undefined) {
      const baseline = await timed('baseline', { ...base, strategy: { kind: 'breakout' }, policy: policyFor(false) });
      comparison = deps.engine.compare(main, baseline, seed);
    }
    let walkForward: WalkForwardResult | undefined;
    if (options.walkForward === true) {
      if (deps.engine.walkForward === undefined) throw new FeaturesUsageError('--walk-forward: this build has no walk-forward engine');
      phases?.start('walk-forward', 1);
      const { strategy: _s, from: _f, to: _t, ...rest } = base;
      walkForward = unwrap(await deps.engine.walkForward({
        ...rest, trainBars: wholeNumber('--train-bars', options.trainBars, 50), testBars: wholeNumber('--test-bars', options.testBars, 10),
        training: { seed }, onProgress: progress('walk-forward'),
      }), 'walk-forward');
    }
    let stress: StressReport | undefined;
    if (options.stress === true) {
      stress = await runStressSuite({
        run: (c) => deps.engine.run({ ...c, onProgress: progress('stress') }), base, plain: main, extents, seed, monteCarloRuns: mcRuns,
        onScenario: (label, index, total) => phases?.start(`stress ${index + 1}/${total}: ${label}`, 1),
      });
    }
    phases?.stop();
    const modelTraining = main.servedBy?.kind === 'model' ? trainingSpan(main.servedBy.dir) : undefined;
    const report = buildBacktestReport({
      ...(modelTraining === undefined ? {} : { modelTraining }),
      result: main, bars: store, seed, generatedAt: deps.now(), killSwitchReset,
      ...(deps.command === undefined ? {} : { command: deps.command }),
      ...(comparison === undefined ? {} : { comparison }),
      ...(walkForward === undefined ? {} : { walkForward }),
      ...(stress === undefined ? {} : { stress }),
    });
    const paths = writeBacktestReport(path.resolve(options.out), report);
    return { report, ...paths, text: headline(report, paths.html) };
  } finally {
    phases?.stop();
    db.close();
  }
}

/** The training span a model version's manifest states (`training.from`/`to`), or undefined when it says none. */
export function trainingSpan(dir: string): { from: string; to: string } | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const training = typeof manifest === 'object' && manifest !== null ? (manifest as { training?: { from?: unknown; to?: unknown } }).training : undefined;
    return typeof training?.from === 'string' && typeof training.to === 'string' ? { from: training.from, to: training.to } : undefined;
  } catch {
    // The model already verified to serve; a manifest unreadable now only loses this sentence of the report.
    return undefined;
  }
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

/** The figures a trader reads first, and where the full report is. */
export function headline(r: BacktestReport, html: string): string {
  const m = r.metrics.portfolio;
  const lines = [
    `${r.run.symbols.length} symbols, ${new Date(r.run.start).toISOString().slice(0, 10)} → ${new Date(r.run.end).toISOString().slice(0, 10)}, served by ${r.run.servedBy}`,
    `bars ${r.run.bars} in ${(r.run.wallMs / 1000).toFixed(1)} s${r.run.barsPerSecond === null ? '' : ` (${Math.round(r.run.barsPerSecond)} bars/s)`}`,
    `total return ${pct(m.totalReturn)}, annualised ${pct(m.annualisedReturn)}, volatility ${pct(m.volatility)}, Sharpe ${m.sharpe?.toFixed(2) ?? 'n/a'}, max drawdown ${pct(m.maxDrawdown)}`,
    `trades ${m.trades}, win rate ${pct(m.winRate)}, breakout success ${pct(m.breakoutSuccessRate)}, kill-switch trips ${r.risk.killSwitchTrips}, refusals ${r.risk.refusals}`,
  ];
  if (r.comparison !== undefined) {
    const c = r.comparison;
    lines.push(`baseline: return ${pct(c.baseline.totalReturn)}, Sharpe ${c.baseline.sharpe?.toFixed(2) ?? 'n/a'}, breakout success ${pct(c.baseline.breakoutSuccessRate)}`);
  }
  if (r.stress !== undefined) {
    const p = (q: number) => r.stress?.monteCarlo.maxDrawdown.percentiles.find((x) => x.q === q)?.value ?? null;
    lines.push(`Monte Carlo max drawdown: median ${pct(p(0.5))}, 95th percentile ${pct(p(0.95))}`);
  }
  lines.push(`report: ${html}`);
  return `${lines.join('\n')}\n`;
}

/** Progress bars on stderr, one per phase; none when stderr is not a terminal. */
function terminalPhases(): BacktestPhases {
  const multi = new MultiBar({ format: ' {phase} [{bar}] {percentage}% | {value}/{total} bars', hideCursor: true, clearOnComplete: false, stream: process.stderr }, Presets.shades_classic);
  const bars = new Map<string, ReturnType<MultiBar['create']>>();
  return {
    start: (name, total) => {
      bars.set(name, multi.create(total, 0, { phase: name.padEnd(12) }));
    },
    update: (name, done, total) => {
      const bar = bars.get(name);
      bar?.setTotal(total);
      bar?.update(done);
    },
    stop: () => multi.stop(),
  };
}

/** One line per phase on stderr when it is not a terminal (a log file, CI): where a long run is, without redraws. */
function linePhases(): BacktestPhases {
  return {
    start: (name) => {
      process.stderr.write(`${name}…\n`);
    },
    update: () => undefined,
    stop: () => undefined,
  };
}

/** Registers `desk backtest`. */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Backtest stored series through the desk engine (ML model and the baseline on the same bars), optionally walk-forward and stress tests; writes report.html and report.json')
    .option('--symbols <list>', 'comma-separated symbols (default: every stored series of the interval)')
    .option('--from <date>', 'first bar to trade (YYYY-MM-DD); earlier bars warm the features up')
    .option('--to <date>', 'last bar to trade')
    .option('--interval <interval>', 'bar interval', '1d')
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--seed <n>', 'seed of the bootstrap intervals, the Monte Carlo and walk-forward training', '1')
    .option('--model <which>', 'current: the installed model if it verifies, else the baseline; baseline: the rule alone', 'current')
    .option('--models-dir <dir>', 'folder of model versions holding current.json (default: the shipped models/breakout)')
    .option('--no-baseline', 'skip the baseline run on the same bars (and the ML against baseline section)')
    .option('--walk-forward', 'also run rolling train/test folds that retrain the models per fold')
    .option('--train-bars <n>', 'walk-forward train window in bars (whole years of 252)', '2520')
    .option('--test-bars <n>', 'walk-forward test window in bars (whole years of 252)', '1260')
    .option('--stress', 'also run the historical crisis windows, the synthetic shocks and the Monte Carlo')
    .option('--mc-runs <n>', 'Monte Carlo redraws of the trade sequence', '2000')
    .option('--kill-switch-reset <policy>', 'after a daily-loss trip of the kill switch: never (stays on, as on the desk) or next-day (reset before the next trading day)', 'never')
    .option('--out <dir>', 'folder for report.html and report.json', 'backtest-report')
    .action(async (options: BacktestOptions, command: Command) => {
      const flag = (command.optsWithGlobals() as { db?: string }).db;
      const clock = new SystemClock();
      try {
        const { text } = await runBacktestCommand(resolveDbPath({ flag }), options, {
          engine: { run: runBacktest, compare: (ml, baseline, seed) => compareRuns(ml, baseline, { seed }), walkForward: runWalkForward }, phases: process.stderr.isTTY ? terminalPhases() : linePhases(),
          now: () => clock.now(), command: `desk ${process.argv.slice(2).join(' ')}`,
        });
        process.stdout.write(text);
      } catch (error) {
        if (!(error instanceof FeaturesUsageError || error instanceof NoDatabaseError)) throw error;
        process.stderr.write(`desk backtest: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
