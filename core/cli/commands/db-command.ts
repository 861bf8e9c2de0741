import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BarStore, type SeriesSummary } from '../../storage/bar-store.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { schemaVersion } from '../../storage/migration-runner.js';
import { LATEST_SCHEMA_VERSION } from '../../storage/migrations/index.js';
import { DatabaseOpenError, DatabaseTooNewError, openDatabase } from '../../storage/open-database.js';

/** What `desk db info` reports. */
export interface DbInfo {
  readonly file: string;
  readonly schemaVersion: number;
  readonly supportedVersion: number;
  readonly journalMode: string;
  readonly totalBars: number;
  readonly series: readonly SeriesSummary[];
}

/** No database at the path: nothing has been stored yet, or --db/DESK_DB points somewhere else. */
export class NoDatabaseError extends Error {
  override readonly name = 'NoDatabaseError';
  constructor(readonly file: string) {
    super(`No desk database at ${file}. Nothing has been stored there yet; check --db or DESK_DB, or import bars first.`);
  }
}

/**
 * Opens the database (bringing an older schema up to date, as the app would), reads its facts, closes it.
 * Does not create a missing file: `info` should not leave an empty database behind a mistyped path.
 */
export function readDbInfo(file: string): DbInfo {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new NoDatabaseError(absolute);
  const db = openDatabase(absolute);
  try {
    const bars = new BarStore(db);
    return {
      file: absolute,
      schemaVersion: schemaVersion(db),
      supportedVersion: LATEST_SCHEMA_VERSION,
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      totalBars: bars.count(),
      series: bars.summary(),
    };
  } finally {
    db.close();
  }
}

/** The report as lines of text; UTC ISO times and plain integers so the output does not depend on locale. */
export function formatDbInfo(info: DbInfo): string {
  const lines = [
    `database  ${info.file}`,
    `schema    version ${info.schemaVersion} (this build supports up to ${info.supportedVersion})`,
    `journal   ${info.journalMode}`,
    `bars      ${info.totalBars} in ${info.series.length} series`,
  ];
  if (info.series.length > 0) {
    const rows = info.series.map((s) => [s.symbol, s.interval, String(s.count), iso(s.first), iso(s.last)]);
    const table = [['symbol', 'interval', 'bars', 'first', 'last'], ...rows];
    const widths = table[0]?.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length))) ?? [];
    lines.push('');
    for (const row of table) {
      lines.push(
        row
          .map((cell, col) => (col === 2 ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
          .join('  ')
          .trimEnd(),
      );
    }
  }
  return lines.join('\n');
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** Registers `desk db info`; reads the global --db option, then DESK_DB, then the default location. */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('Inspect the desk database');
  db.command('info')
    .description('Print the database file, schema version, journal mode and bar counts per symbol and interval')
    .action((_options: unknown, command: Command) => {
      const flag = (command.optsWithGlobals() as { db?: string }).db;
      try {
        process.stdout.write(`${formatDbInfo(readDbInfo(resolveDbPath({ flag })))}\n`);
      } catch (error) {
        // Expected, user-fixable conditions: the reason alone, no stack and no usage text (the usage was fine).
        if (!(error instanceof NoDatabaseError || error instanceof DatabaseTooNewError || error instanceof DatabaseOpenError)) throw error;
        process.stderr.write(`desk db info: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
