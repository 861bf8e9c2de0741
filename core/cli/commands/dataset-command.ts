import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isInterval } from '../../market/interval.js';
import { buildDataset, type DatasetReport } from '../../ml/dataset/build-dataset.js';
import { successRate, type DatasetCounts } from '../../ml/dataset/dataset-counts.js';
import { SampleStore } from '../../ml/dataset/sample-store.js';
import { DEFAULT_LABEL_SPEC, type LabelSpec } from '../../ml/labels/label-spec.js';
import { BarStore } from '../../storage/bar-store.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { openDatabase } from '../../storage/open-database.js';
import { NoDatabaseError } from './db-command.js';
import { FeaturesUsageError, parseTimeFlag } from './features-command.js';

interface DatasetOptions {
  readonly symbols?: string;
  readonly interval: string;
  readonly from?: string;
  readonly to?: string;
}

const pct = (c: Pick<DatasetCounts, 'events' | 'successes'>): string => {
  const r = successRate(c);
  return Number.isNaN(r) ? '-' : `${(100 * r).toFixed(1)}%`;
};

/** The per-symbol table `desk dataset` prints, with a total row. */
export function formatDatasetReport(report: DatasetReport): string {
  const header = ['symbol', 'bars', 'events', 'success', 'rate', 'up', 'up ok', 'down', 'down ok', 'stops', 'timeouts', 'pending', 'written'];
  const line = (name: string, bars: string, c: DatasetReport['total']): string[] => [
    name, bars, String(c.events), String(c.successes), pct(c), String(c.up), String(c.upSuccesses), String(c.down), String(c.downSuccesses),
    String(c.stops), String(c.timeouts), String(c.pending), String(c.written),
  ];
  const table = [header, ...report.symbols.map((s) => line(s.symbol, String(s.barsRead), s)), line('TOTAL', String(report.symbols.reduce((a, s) => a + s.barsRead, 0)), report.total)];
  const widths = header.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  return `${table.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n')}\n`;
}

/**
 * `desk dataset`: builds the labelled training samples from the stored bars and returns the report.
 * Pure apart from the database file, so it is tested without a process.
 * @throws FeaturesUsageError for bad flags, NoDatabaseError when the file does not exist.
 */
export function runDataset(file: string, options: DatasetOptions, spec: LabelSpec = DEFAULT_LABEL_SPEC): DatasetReport {
  if (!isInterval(options.interval)) throw new FeaturesUsageError(`--interval ${options.interval} is not one of 1m, 5m, 15m, 1h, 1d`);
  const from = parseTimeFlag('--from', options.from);
  const to = parseTimeFlag('--to', options.to);
  if (from !== undefined && to !== undefined && from > to) throw new FeaturesUsageError(`--from ${options.from} is after --to ${options.to}`);
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new NoDatabaseError(absolute);
  const db = openDatabase(absolute);
  try {
    const bars = new BarStore(db);
    const requested = options.symbols?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const symbols = requested === undefined || requested.length === 0 ? bars.symbols(options.interval) : requested;
    return buildDataset({ bars, samples: new SampleStore(db) }, symbols, spec, {
      interval: options.interval, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
    });
  } finally {
    db.close();
  }
}

/** Registers `desk dataset`. */
export function registerDatasetCommand(program: Command): void {
  program
    .command('dataset')
    .description('Label breakout events in the stored bars (triple barrier, default spec) and store them as training samples')
    .option('--symbols <list>', 'comma-separated symbols (default: every symbol with bars of the interval)')
    .option('--interval <interval>', 'bar interval', '1d')
    .option('--from <date>', 'first event time (YYYY-MM-DD or ISO); earlier bars still warm the indicators up')
    .option('--to <date>', 'end of the data: later bars are not read, so events whose horizon runs past it stay pending')
    .action((options: DatasetOptions, command: Command) => {
      const flag = (command.optsWithGlobals() as { db?: string }).db;
      try {
        const report = runDataset(resolveDbPath({ flag }), options);
        process.stdout.write(formatDatasetReport(report));
        process.stderr.write(`label spec ${report.labelSpecHash.slice(0, 12)}: ${JSON.stringify(DEFAULT_LABEL_SPEC)}\n`);
      } catch (error) {
        if (!(error instanceof FeaturesUsageError || error instanceof NoDatabaseError)) throw error;
        process.stderr.write(`desk dataset: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
