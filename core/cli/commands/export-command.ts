import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { epochMs } from '../../market/units.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { DatabaseOpenError, DatabaseTooNewError, openDatabase } from '../../storage/open-database.js';
import { EXPORT_SECTIONS, exportToJson, readComplianceExport } from '../../trading/compliance/compliance-export.js';
import { toCsv } from '../../trading/compliance/csv-text.js';
import { NoDatabaseError } from './db-command.js';
import { FeaturesUsageError, parseTimeFlag } from './features-command.js';

export interface ExportOptions {
  readonly from?: string;
  readonly to?: string;
  readonly format: string;
  readonly out?: string;
}

/** What `desk export` produced: files written, or text for stdout, and a one-line note. */
export interface ExportResult {
  readonly files: readonly string[];
  readonly text?: string;
  readonly note: string;
}

const DAY_MS = 86_400_000;

/**
 * `desk export`: the compliance export for a date range. `--to` as a plain date includes that whole day.
 * With `--out DIR`, CSV writes one file per section and JSON one `compliance-export.json`; without it,
 * JSON (everything) or the audit trail CSV goes to stdout.
 * @throws FeaturesUsageError for unusable flags, NoDatabaseError when there is no database.
 */
export function runExport(file: string, options: ExportOptions): ExportResult {
  if (options.format !== 'csv' && options.format !== 'json') throw new FeaturesUsageError(`--format ${options.format} is not csv or json`);
  if (options.from === undefined || options.to === undefined) throw new FeaturesUsageError('--from and --to are required (YYYY-MM-DD or ISO time)');
  const from = parseTimeFlag('--from', options.from) ?? epochMs(0);
  const toStart = parseTimeFlag('--to', options.to) ?? epochMs(0);
  const to = epochMs(/^\d{4}-\d{2}-\d{2}$/.test(options.to) ? toStart + DAY_MS - 1 : toStart);
  if (to < from) throw new FeaturesUsageError(`--to ${options.to} is before --from ${options.from}`);
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new NoDatabaseError(absolute);
  const db = openDatabase(absolute);
  try {
    const e = readComplianceExport(db, from, to);
    const counts = `${e.audit.rows.length} audit rows, ${e.proposals.rows.length} proposals, ${e.orders.rows.length} orders, ` +
      `${e.fills.rows.length} fills, ${e.riskEvents.rows.length} risk events, ${e.settings.rows.length} settings`;
    if (options.out === undefined) {
      return options.format === 'json'
        ? { files: [], text: exportToJson(e), note: counts }
        : { files: [], text: toCsv(e.audit), note: `${counts}; only the audit trail on stdout: use --out DIR for every section` };
    }
    mkdirSync(options.out, { recursive: true });
    const files: string[] = [];
    if (options.format === 'json') {
      const target = path.join(options.out, 'compliance-export.json');
      writeFileSync(target, exportToJson(e));
      files.push(target);
    } else {
      for (const section of EXPORT_SECTIONS) {
        const target = path.join(options.out, `${section}.csv`);
        writeFileSync(target, toCsv(e[section]));
        files.push(target);
      }
    }
    return { files, note: counts };
  } finally {
    db.close();
  }
}

/** Registers `desk export`. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Compliance export for a date range: audit trail (signal → proposal → decision → order → fills), limit settings, refusals and kill-switch events')
    .option('--from <date>', 'first day (YYYY-MM-DD, UTC) or ISO time')
    .option('--to <date>', 'last day, included whole (YYYY-MM-DD, UTC) or ISO time')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <dir>', 'folder to write the files to (default: print to stdout)')
    .action((options: ExportOptions, command: Command) => {
      const flag = (command.optsWithGlobals() as { db?: string }).db;
      try {
        const result = runExport(resolveDbPath({ flag }), options);
        if (result.text !== undefined) process.stdout.write(result.text);
        for (const f of result.files) process.stderr.write(`wrote ${f}\n`);
        process.stderr.write(`${result.note}\n`);
      } catch (error) {
        const known = error instanceof FeaturesUsageError || error instanceof NoDatabaseError || error instanceof DatabaseTooNewError || error instanceof DatabaseOpenError;
        if (!known) throw error;
        process.stderr.write(`desk export: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
