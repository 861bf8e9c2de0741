import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { ingestPath, type IngestOptions } from '../../ingest/ingest-path.js';
import { ingestFailed, type FileReport, type IngestReport } from '../../ingest/ingest-report.js';
import { INTERVALS, isInterval } from '../../market/interval.js';
import { BarStore } from '../../storage/bar-store.js';
import { resolveDbPath } from '../../storage/db-path.js';
import { DatabaseOpenError, DatabaseTooNewError, openDatabase, type Db } from '../../storage/open-database.js';

/** Files below this many bytes import in well under a second; a progress bar would only flicker. */
const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

/** The report as text: one block per file (each rejection as file:line and its reasons), then totals. */
export function formatIngestReport(report: IngestReport): string {
  const lines: string[] = [];
  for (const file of report.files) lines.push(...formatFile(file));
  const t = report.totals;
  const failed = t.filesFailed > 0 ? ` (${t.filesFailed} not imported)` : '';
  lines.push(
    `total: ${t.files} files${failed}, ${t.rows} rows, ${t.stored} stored (${t.written} new or changed), ${t.rejected} rejected`,
  );
  return lines.join('\n');
}

function formatFile(f: FileReport): string[] {
  const name = path.basename(f.file);
  if (!f.ok) return [`${name}${f.line === undefined ? '' : `:${f.line}`}: not imported: ${f.message}`];
  const head = `${name}: ${f.symbol} ${f.interval} (${f.format}), ${f.rows} rows, ${f.stored} stored (${f.written} new or changed), ${f.rejected.length} rejected`;
  const rejections = f.rejected.map(
    (r) => `  ${name}:${r.line}: ${r.reasons.map((reason) => `${reason.code}: ${reason.message}`).join('; ')}`,
  );
  return [head, ...rejections];
}

/** Options of `desk ingest` as commander hands them over. */
interface IngestFlags {
  readonly symbol?: string;
  readonly interval?: string;
  readonly db?: string;
}

/**
 * Runs `desk ingest` against the database file: opens it, imports, closes it. Returns the exit code;
 * the report goes to `out`, problems to `errOut`, the progress bar to `progressStream` when given.
 */
export function runIngestCommand(
  target: string,
  flags: IngestFlags,
  io: {
    out: (text: string) => void;
    errOut: (text: string) => void;
    /** Where to draw a progress bar; the caller passes one only for a terminal (the bar is drawn regardless). */
    progressStream?: NodeJS.WritableStream | undefined;
    progressMinBytes?: number;
  },
): number {
  const progressMinBytes = io.progressMinBytes ?? PROGRESS_MIN_BYTES;
  if (flags.interval !== undefined && !isInterval(flags.interval)) {
    io.errOut(`desk ingest: unknown interval "${flags.interval}"; use one of ${INTERVALS.join(', ')}\n`);
    return 2;
  }
  let db: Db;
  try {
    db = openDatabase(resolveDbPath({ flag: flags.db }));
  } catch (error) {
    if (!(error instanceof DatabaseTooNewError || error instanceof DatabaseOpenError)) throw error;
    io.errOut(`desk ingest: ${error.message}\n`);
    return 1;
  }
  const bar = io.progressStream === undefined ? undefined : new SingleBar({ stream: io.progressStream, etaBuffer: 50, noTTYOutput: true }, Presets.shades_classic);
  let started = false;
  const options: IngestOptions = {
    symbol: flags.symbol,
    interval: flags.interval !== undefined && isInterval(flags.interval) ? flags.interval : undefined,
    ...(bar === undefined
      ? {}
      : {
          onProgress: (done: number, total: number) => {
            if (total < progressMinBytes) return;
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        }),
  };
  try {
    const result = ingestPath(target, new BarStore(db), options);
    if (started) bar?.stop();
    if (!result.ok) {
      io.errOut(`desk ingest: ${result.error}\n`);
      return 1;
    }
    io.out(`${formatIngestReport(result.value)}\n`);
    return ingestFailed(result.value) ? 1 : 0;
  } finally {
    db.close();
  }
}

/** Registers `desk ingest FILE|DIR [--symbol S] [--interval I]`; the database comes from the global --db. */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'Import bar CSV files (date,open,high,low,close,volume | Yahoo Date,...,Adj Close,Volume | datetime,...) into ' +
        'the database. A folder imports every *.csv and *.txt directly in it; subfolders are not read.',
    )
    .argument('<path>', 'a CSV file or a folder of them')
    .option('--symbol <symbol>', 'symbol for a single file (default: from the file name, e.g. AAPL.csv -> AAPL)')
    .option('--interval <interval>', `bar interval for intraday files (${INTERVALS.join(', ')}; default: inferred from the spacing)`)
    .action((target: string, _options: unknown, command: Command) => {
      process.exitCode = runIngestCommand(target, command.optsWithGlobals() as IngestFlags, {
        out: (text) => process.stdout.write(text),
        errOut: (text) => process.stderr.write(text),
        progressStream: process.stderr.isTTY ? process.stderr : undefined,
      });
    });
}
