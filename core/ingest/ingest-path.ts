import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Interval } from '../market/interval.js';
import { validateBars } from '../market/bar-validator.js';
import type { BarStore } from '../storage/bar-store.js';
import { err, ok, type Result } from '../util/result.js';
import { parseBarCsv, type CsvParserChoice, type RowRejection } from './bar-csv.js';
import { totalsOf, type FileReport, type IngestReport } from './ingest-report.js';

export interface IngestOptions {
  readonly symbol?: string | undefined;
  readonly interval?: Interval | undefined;
  readonly parser?: CsvParserChoice;
  /** Progress in bytes over all files to import, for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Where imported bars go: the BarStore, or a stand-in in tests. One call = one transaction. */
export type BarSink = Pick<BarStore, 'upsert'>;

const BAR_FILE = /\.(csv|txt)$/i;

/**
 * The files `desk ingest` reads for a path: the file itself, or every *.csv / *.txt directly in a
 * folder, in name order. Subfolders are NOT read: the shared data keeps raw vendor originals in
 * daily/original/, and importing them next to their adjusted versions would store the same symbol twice.
 */
export function listIngestFiles(target: string): Result<string[], string> {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch (error) {
    return err(`cannot read ${target}: ${(error as Error).message}`);
  }
  if (!isDir) return ok([target]);
  const files = readdirSync(target, { withFileTypes: true })
    .filter((e) => e.isFile() && BAR_FILE.test(e.name))
    .map((e) => path.join(target, e.name))
    .sort();
  if (files.length === 0) return err(`no *.csv or *.txt files directly in ${target} (subfolders are not read)`);
  return ok(files);
}

/**
 * Imports a bar CSV file, or every bar file of a folder, into `store`. Each file is parsed, validated
 * and stored in ONE transaction: a file is stored whole (minus its rejected rows) or not at all.
 * Expected failures (bad header, unreadable file, rejected rows) are in the report, never thrown.
 * Errors about the path itself (missing, empty folder, --symbol for a folder) are the `err` side.
 */
export function ingestPath(target: string, store: BarSink, options: IngestOptions = {}): Result<IngestReport, string> {
  const listed = listIngestFiles(target);
  if (!listed.ok) return listed;
  const files = listed.value;
  if (options.symbol !== undefined && files.length > 1) {
    return err(`--symbol names one series, but ${target} holds ${files.length} files; import them one at a time`);
  }
  const sizes = files.map((f) => sizeOf(f));
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  const reports: FileReport[] = [];
  files.forEach((file, i) => {
    const onProgress = options.onProgress;
    const progress = onProgress === undefined ? undefined : (chars: number): void => onProgress(before + Math.min(chars, sizes[i] ?? 0), total);
    reports.push(ingestFile(file, store, { ...options, onProgress: progress }));
    before += sizes[i] ?? 0;
  });
  options.onProgress?.(total, total);
  return ok({ files: reports, totals: totalsOf(reports) });
}

interface FileOptions extends Omit<IngestOptions, 'onProgress'> {
  readonly onProgress?: ((chars: number) => void) | undefined;
}

/** Imports one file; see {@link ingestPath}. */
export function ingestFile(file: string, store: BarSink, options: FileOptions = {}): FileReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, file, unreadable: true, message: `cannot read the file: ${(error as Error).message}` };
  }
  const parsed = parseBarCsv(text, {
    file,
    symbol: options.symbol,
    interval: options.interval,
    ...(options.parser === undefined ? {} : { parser: options.parser }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  if (!parsed.ok) {
    return { ok: false, file, unreadable: false, message: parsed.error.message, ...(parsed.error.line === undefined ? {} : { line: parsed.error.line }) };
  }
  const { format, symbol, interval, rows, bars, lines } = parsed.value;
  const validation = validateBars(bars, lines);
  let written: number;
  try {
    written = store.upsert(validation.accepted).written;
  } catch (error) {
    // The upsert is one transaction, so nothing of this file was stored.
    return { ok: false, file, unreadable: false, message: `the database refused the file, nothing stored: ${(error as Error).message}` };
  }
  const rejected: RowRejection[] = [
    ...parsed.value.rejected,
    ...validation.rejected.map((r) => ({ line: r.line, reasons: r.issues })),
  ].sort((a, b) => a.line - b.line);
  return { ok: true, file, format, symbol, interval, rows, stored: validation.accepted.length, written, rejected };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
