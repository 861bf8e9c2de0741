import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { isInterval, type Interval } from '../../market/interval.js';
import { BreakoutPredictor } from '../../ml/inference/breakout-predictor.js';
import { BarStore } from '../../storage/bar-store.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { openDatabase } from '../../storage/open-database.js';
import { AUTOMATION_OFF } from '../../trading/proposals/automation.js';
import { readStoredAutomation } from '../../trading/proposals/automation-settings-store.js';
import { SettingsTable } from '../../trading/risk/settings-table.js';
import type { PaperSessionReport } from '../../trading/session/paper-session.js';
import { runSimulatedPaperSession } from '../../trading/session/simulated-paper-run.js';
import { runStoredBarsPaperSession } from '../../trading/session/stored-bars-paper-run.js';
import { NoDatabaseError } from './db-command.js';
import { FeaturesUsageError, parseTimeFlag } from './features-command.js';
import { SHIPPED_BREAKOUT_MODELS } from '../../ml/inference/shipped-models.js';
import { chooseRiskSizer } from '../../desk/risk-serving.js';

export interface PaperOptions {
  readonly bars: string;
  readonly seed: string;
  readonly interval: string;
  readonly cash: string;
  readonly auto?: boolean;
  readonly minConfidence: string;
  /** Comma-separated symbols: replay their stored bars instead of running the simulator. */
  readonly replay?: string;
  readonly from?: string;
  readonly to?: string;
  /** 'current' (default): the model models/breakout/current.json names, if it verifies; 'baseline': the rule alone. */
  readonly model?: string;
  /** Folder of model versions holding current.json; default models/breakout. */
  readonly modelsDir?: string;
  /** 'current' (default): the risk model models/risk/current.json names, if it verifies; 'baseline': the vol-target baseline. */
  readonly riskModel?: string;
  /** Folder of risk model versions holding current.json; default models/risk. */
  readonly riskModelsDir?: string;
}

/**
 * What answers for breakout events. The shipped model was trained on daily bars, so other intervals are
 * served by the baseline, saying so.
 * @throws FeaturesUsageError for a --model that is neither current nor baseline.
 */
export function paperPredictor(options: Pick<PaperOptions, 'model' | 'modelsDir'>, interval: Interval): BreakoutPredictor {
  const model = options.model ?? 'current';
  if (model === 'baseline') return BreakoutPredictor.baselineOnly('--model baseline asked for the rule-based baseline', { interval });
  if (model !== 'current') throw new FeaturesUsageError(`--model ${model} must be current or baseline`);
  if (interval !== '1d') return BreakoutPredictor.baselineOnly(`the breakout model serves 1d bars and this session trades ${interval} bars`, { interval });
  return BreakoutPredictor.fromModelsRoot(path.resolve(options.modelsDir ?? SHIPPED_BREAKOUT_MODELS), { interval });
}

const wholeNumber = (flag: string, text: string, min: number): number => {
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min)) throw new FeaturesUsageError(`${flag} ${text} must be a whole number ≥ ${min}`);
  return n;
};

const finiteNumber = (flag: string, text: string, min: number): number => {
  const n = Number(text);
  if (!(Number.isFinite(n) && n >= min)) throw new FeaturesUsageError(`${flag} ${text} must be a number ≥ ${min}`);
  return n;
};

/**
 * `desk paper`: a paper session on the seeded simulator into `file` (a new or existing desk database),
 * returning the printed report. Pure apart from that file, so it is tested without a process.
 * @throws FeaturesUsageError for unusable flags.
 */
export async function runPaper(
  file: string,
  options: PaperOptions,
  barsFile?: string,
): Promise<{ readonly text: string; readonly report: PaperSessionReport }> {
  const bars = wholeNumber('--bars', options.bars, 1);
  const seed = wholeNumber('--seed', options.seed, 0);
  const startingCash = finiteNumber('--cash', options.cash, 1);
  const minConfidence = finiteNumber('--min-confidence', options.minConfidence, 0);
  if (!isInterval(options.interval)) throw new FeaturesUsageError(`--interval ${options.interval} is not one of 1m, 5m, 15m, 1h, 1d`);
  const interval = options.interval;
  const predictor = paperPredictor(options, interval);
  const riskModel = options.riskModel ?? 'current';
  if (riskModel !== 'current' && riskModel !== 'baseline') throw new FeaturesUsageError(`--risk-model ${riskModel} must be current or baseline`);
  const risk = chooseRiskSizer({ interval, enabled: riskModel === 'current', ...(options.riskModelsDir === undefined ? {} : { modelsDir: options.riskModelsDir }) });
  if (options.replay !== undefined) {
    const symbols = options.replay.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const from = parseTimeFlag('--from', options.from);
    if (symbols.length === 0 || from === undefined) throw new FeaturesUsageError('--replay needs symbols (AAPL,SPY) and --from (the first bar to trade)');
    const to = parseTimeFlag('--to', options.to);
    const source = path.resolve(barsFile ?? file);
    if (!existsSync(source)) throw new NoDatabaseError(source);
    const barsDb = openDatabase(source);
    const db = source === path.resolve(file) ? barsDb : openDatabase(file);
    try {
      // The session goes to its own file, so without --auto it trades under the desk's stored automation,
      // read from the desk database (off if that one is unusable: the desk records why at its next start).
      const stored = readStoredAutomation(new SettingsTable(barsDb));
      const result = await runStoredBarsPaperSession({
        db, bars: new BarStore(barsDb), symbols, interval, from, ...(to === undefined ? {} : { to }), startingCash, auto: options.auto === true, minConfidence, predictor, risk,
        automation: stored.ok ? stored.value : AUTOMATION_OFF,
      });
      if (!result.ok) throw new FeaturesUsageError(result.error);
      return { text: formatPaperReport(result.value, startingCash), report: result.value };
    } finally {
      if (db !== barsDb) db.close();
      barsDb.close();
    }
  }
  const db = openDatabase(file);
  try {
    const result = await runSimulatedPaperSession({ db, seed, bars, interval, startingCash, auto: options.auto === true, minConfidence, predictor, risk });
    if (!result.ok) throw new FeaturesUsageError(result.error);
    return { text: formatPaperReport(result.value, startingCash), report: result.value };
  } finally {
    db.close();
  }
}

const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const iso = (t: number): string => new Date(t).toISOString().replace('T', ' ').replace(/:00\.000Z$/, 'Z');

/** Fills as a table, then the P&L and what happened to the signals. */
export function formatPaperReport(r: PaperSessionReport, startingCash: number): string {
  const served = r.servedBy.kind === 'model'
    ? `predictions served by model ${r.modelId} (${r.servedBy.dir})`
    : `predictions served by the baseline (model id ${r.modelId}, confidence 0): ${r.servedBy.reason}`;
  const sized = r.riskSizer.kind === 'model'
    ? `proposals sized by risk model ${r.riskSizer.id}`
    : `proposals sized by the ${r.riskSizer.id} baseline: ${r.riskSizer.reason}`;
  const lines = [served, sized, '', 'time               symbol  side   quantity        price  commission'];
  for (const f of r.fills) {
    lines.push(`${iso(f.time).padEnd(18)} ${f.symbol.padEnd(7)} ${f.side.padEnd(5)} ${String(f.quantity).padStart(9)} ${money(f.price).padStart(12)} ${money(f.commission).padStart(11)}`);
  }
  const s = r.summary;
  const deniedBy = new Map<string, number>();
  for (const d of r.denials) deniedBy.set(d.ruleId, (deniedBy.get(d.ruleId) ?? 0) + 1);
  const p = r.proposals;
  lines.push(
    '',
    `bars ${r.bars}, signals ${r.signals}, proposals confirmed ${p.confirmed} / rejected ${p.rejected} / expired ${p.expired} / pending ${p.pending}, not proposed ${r.notProposed}`,
    `refused by pre-trade checks: ${r.denials.length}${deniedBy.size === 0 ? '' : ` (${[...deniedBy].map(([k, v]) => `${k} ${v}`).join(', ')})`}`,
    `fills ${r.fills.length}, commissions ${money(s.commissions)}`,
    `starting cash ${money(startingCash)}, end equity ${money(s.equity)} (${(((s.equity - startingCash) / startingCash) * 100).toFixed(2)}%), cash ${money(s.cash)}`,
    `realised P&L ${money(s.realisedPnl)}, unrealised P&L ${money(s.unrealisedPnl)}, max drawdown ${(100 * r.maxDrawdown).toFixed(2)}%`,
    `trades (closing fills) ${r.trades}, win rate ${r.winRate === undefined ? 'n/a' : `${(100 * r.winRate).toFixed(1)}%`}`,
    `open positions: ${r.positions.length === 0 ? 'none' : r.positions.map((x) => `${x.symbol} ${x.quantity} @ ${money(x.avgPrice)}`).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Registers `desk paper`. */
export function registerPaperCommand(program: Command): void {
  program
    .command('paper')
    .description('Paper-trade breakout signals (the shipped model, or the baseline) on the seeded simulator, as fast as possible; print fills and P&L')
    .option('--bars <n>', 'bars per symbol after the warm-up', '250')
    .option('--seed <n>', 'simulator seed (same seed, same session)', '1')
    .option('--interval <interval>', 'bar interval', '1d')
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--auto', 'let automation confirm proposals of the serving model, for this run only (wins over the stored automation; without it the desk\'s stored automation applies, off unless a trader set it)')
    .option('--min-confidence <p>', 'automation threshold on the prediction confidence (the baseline claims 0)', '0.3')
    .option('--model <which>', 'current: the installed model (models/breakout/current.json) if it verifies, else the baseline; baseline: the rule alone', 'current')
    .option('--models-dir <dir>', 'folder of model versions holding current.json (default: the shipped models/breakout)')
    .option('--risk-model <which>', 'current: the installed risk model (models/risk/current.json) if it verifies and the bars are daily, else the vol-target baseline; baseline: the baseline alone', 'current')
    .option('--risk-models-dir <dir>', 'folder of risk model versions holding current.json (default: the shipped models/risk)')
    .option('--replay <symbols>', 'replay these symbols\' stored bars from the desk database (comma-separated) instead of the simulator')
    .option('--from <date>', 'with --replay: first bar to trade; earlier bars warm the features up')
    .option('--to <date>', 'with --replay: last bar')
    .action(async (options: PaperOptions, command: Command) => {
      const flag = (command.optsWithGlobals() as { db?: string }).db;
      // The session goes to a fresh file unless --db names one for a simulator run: paper orders must not
      // land in the trader's own journal by accident. A replay reads its bars from the desk database.
      const fresh = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'desk-paper-')), 'paper.db');
      const replay = options.replay !== undefined;
      const file = replay ? fresh() : (flag ?? fresh());
      try {
        const { text } = await runPaper(file, options, replay ? resolveDbPath({ flag }) : undefined);
        process.stdout.write(text);
        process.stderr.write(`session stored in ${file} (desk --db ${file} export --from … --to … for its audit trail)\n`);
      } catch (error) {
        if (!(error instanceof FeaturesUsageError || error instanceof NoDatabaseError)) throw error;
        process.stderr.write(`desk paper: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
