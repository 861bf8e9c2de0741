import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { computeFeatureRows, formatFeatureCsv, formatFeatureTable } from '../../features/feature-rows.js';
import { isInterval } from '../../market/interval.js';
import { epochMs, type EpochMs } from '../../market/units.js';
import { BarStore } from '../../storage/bar-store.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { FeatureStore } from '../../storage/feature-store.js';
import { openDatabase } from '../../storage/open-database.js';
import { NoDatabaseError } from './db-command.js';

interface FeaturesOptions {
  readonly interval: string;
  readonly from?: string;
  readonly to?: string;
  readonly csv?: boolean;
  readonly store?: boolean;
}

/** A user-fixable problem with the command's arguments. */
export class FeaturesUsageError extends Error {
  override readonly name = 'FeaturesUsageError';
}

/** `YYYY-MM-DD` (midnight UTC) or any ISO time. @throws FeaturesUsageError naming the flag. */
export function parseTimeFlag(flag: string, value: string | undefined): EpochMs | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(t)) throw new FeaturesUsageError(`${flag} ${value} is not a date: use YYYY-MM-DD or an ISO time`);
  return epochMs(t);
}

/**
 * `desk features SYMBOL`: the output text and, with `store`, how many rows were written. Pure apart
 * from the database file, so it is tested without a process.
 */
export function runFeatures(file: string, symbol: string, options: FeaturesOptions): { text: string; stored?: number; note: string } {
  if (!isInterval(options.interval)) throw new FeaturesUsageError(`--interval ${options.interval} is not one of 1m, 5m, 15m, 1h, 1d`);
  const from = parseTimeFlag('--from', options.from);
  const to = parseTimeFlag('--to', options.to);
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new NoDatabaseError(absolute);
  const db = openDatabase(absolute);
  try {
    const q = { symbol, interval: options.interval, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    const result = computeFeatureRows(new BarStore(db), q);
    const note =
      `${symbol} ${options.interval}: ${result.rows.length} warm rows from ${result.barsRead} bars ` +
      `(${result.coldInRange} in range not warm, ${result.rejected} refused${result.firstRejection === undefined ? '' : `: ${result.firstRejection}`}); ` +
      `schema ${result.schemaHash.slice(0, 12)}` +
      (result.sentimentSource === 'none' ? '; no news for these bars, so the sentiment fields are 0 (absent, not neutral)' : '');
    const text = options.csv === true ? formatFeatureCsv(result.rows) : formatFeatureTable(result.rows);
    if (options.store !== true) return { text, note };
    return { text, note, stored: new FeatureStore(db).upsert(result.rows).written };
  } finally {
    db.close();
  }
}

/** Registers `desk features`. */
export function registerFeaturesCommand(program: Command): void {
  program
    .command('features')
    .description('Compute breakout features from stored bars; print warm rows as a table or CSV, optionally store them for training')
    .argument('<symbol>', 'symbol whose stored bars to use')
    .option('--interval <interval>', 'bar interval', '1d')
    .option('--from <date>', 'first bar time to output (YYYY-MM-DD or ISO); earlier bars still warm the features up')
    .option('--to <date>', 'last bar time to output')
    .option('--csv', "CSV with the feature schema's names as header")
    .option('--store', 'write the warm rows to the features table, keyed by the schema hash')
    .action((symbol: string, options: FeaturesOptions, command: Command) => {
      const flag = (command.optsWithGlobals() as { db?: string }).db;
      try {
        const out = runFeatures(resolveDbPath({ flag }), symbol, options);
        process.stdout.write(out.text);
        process.stderr.write(`${out.note}${out.stored === undefined ? '' : `; stored ${out.stored} new or changed rows`}\n`);
      } catch (error) {
        if (!(error instanceof FeaturesUsageError || error instanceof NoDatabaseError)) throw error;
        process.stderr.write(`desk features: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
