import { closeSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BarColumns } from '../market/bar-columns.js';
import { BarColumnValidator } from '../market/bar-column-validator.js';
import type { Interval } from '../market/interval.js';
import type { BarChunkWriter, BarStore } from '../storage/bar-store.js';
import { err, ok, type Result } from '../util/result.js';
import { BarCsvReader, CHUNK_ROWS, type BarCsvHeader, type CsvParserChoice, type FileProblem, type RowRejection } from './bar-csv.js';
import { FileReadError, readLinePieces } from './line-pieces.js';
import { totalsOf, type FileImported, type FileReport, type IngestReport } from './ingest-report.js';

export interface IngestOptions {
  readonly symbol?: string | undefined;
  readonly interval?: Interval | undefined;
  readonly parser?: CsvParserChoice;
  /** Progress in bytes over all files to import, for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Where imported bars go: the BarStore, or a stand-in in tests. One `bulk` call = one transaction = one file. */
export type BarSink = Pick<BarStore, 'bulk'>;


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

/** A file problem found after rows were handed to the database: thrown to roll its transaction back. */
class FileRefused extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem.message);
  }
}

/** Thrown to roll back a streamed read that met a quote, so the file can be read again with csv-parse. */
class QuotedFile extends Error {}

/** How a file's text is fed to the reader; false when it stopped at a quote. */
type Feed = (reader: BarCsvReader) => boolean;

/**
 * Imports one file; see {@link ingestPath}. The file is read in 1 MB pieces of whole lines, parsed,
 * validated and stored chunk by chunk inside ONE transaction, so memory stays flat whatever its size and
 * it is still stored whole (minus rejected rows) or not at all: a problem found late (a CSV syntax error,
 * an unknown interval, a read error) or any exception rolls back every chunk already written.
 */
export function ingestFile(file: string, store: BarSink, options: FileOptions = {}): FileReport {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return unreadable(file, error);
  }
  try {
    const parser = options.parser ?? 'auto';
    if (parser !== 'csv-parse') {
      const feed: Feed = (reader) =>
        readLinePieces(
          fd,
          (text, done) => {
            reader.feedUnquoted(text);
            options.onProgress?.(done);
          },
          parser === 'auto',
        );
      const streamed = importInTransaction(file, store, options, feed);
      if (streamed !== 'quoted') return streamed;
    }
    // Quoted cells may hold newlines, so such a file cannot be cut at line ends: csv-parse reads it whole.
    // The pieces were read with positional reads, so the descriptor is still at the start of the file.
    let text: string;
    try {
      text = readFileSync(fd, 'utf8');
    } catch (error) {
      return unreadable(file, error);
    }
    const whole: Feed = (reader) => {
      reader.feedQuoted(text);
      options.onProgress?.(Buffer.byteLength(text));
      return true;
    };
    const report = importInTransaction(file, store, options, whole);
    // Unreachable: a whole-text feed never stops at a quote.
    return report === 'quoted' ? { ok: false, file, unreadable: false, message: 'internal error: quoted file read twice' } : report;
  } finally {
    closeSync(fd);
  }
}

function unreadable(file: string, error: unknown): FileReport {
  return { ok: false, file, unreadable: true, message: `cannot read the file: ${(error as Error).message}` };
}

/** One file in one transaction; 'quoted' when the feed met a quote (and everything was rolled back). */
function importInTransaction(file: string, store: BarSink, options: FileOptions, feed: Feed): FileReport | 'quoted' {
  try {
    return store.bulk((writer) => {
      const imported = importFeed(file, writer, options, feed);
      if (imported === 'quoted') throw new QuotedFile();
      if (!imported.ok) throw new FileRefused(imported.error);
      return imported.value;
    });
  } catch (error) {
    if (error instanceof QuotedFile) return 'quoted';
    if (error instanceof FileReadError) return unreadable(file, error);
    if (error instanceof FileRefused) {
      const { line, message } = error.problem;
      return { ok: false, file, unreadable: false, message, ...(line === undefined ? {} : { line }) };
    }
    // The file is one transaction, so nothing of it was stored.
    return { ok: false, file, unreadable: false, message: `the database refused the file, nothing stored: ${(error as Error).message}` };
  }
}

/** Parse → validate → write, chunk by chunk; call inside the file's transaction. */
function importFeed(file: string, writer: BarChunkWriter, options: FileOptions, feed: Feed): Result<FileImported, FileProblem> | 'quoted' {
  const accepted = new BarColumns(CHUNK_ROWS);
  let validator: BarColumnValidator | undefined;
  let stored = 0;
  let written = 0;
  const flush = (header: BarCsvHeader): void => {
    if (accepted.length === 0) return;
    written += writer.write(header.symbol, header.interval, accepted);
    stored += accepted.length;
    accepted.clear();
  };
  const reader = new BarCsvReader({ file, symbol: options.symbol, interval: options.interval }, (chunk, header) => {
    validator ??= new BarColumnValidator(header.symbol, header.interval);
    validator.push(chunk, accepted);
    flush(header);
  });
  if (!feed(reader)) return 'quoted';
  const read = reader.finish();
  if (!read.ok) return read;
  const { format, symbol, interval, rows } = read.value;
  if (validator !== undefined) {
    validator.finish(accepted);
    flush(read.value);
  }
  const rejected: RowRejection[] = [
    ...read.value.rejected,
    ...(validator?.rejected ?? []).map((r) => ({ line: r.line, reasons: r.issues })),
  ].sort((a, b) => a.line - b.line);
  return ok({ ok: true, file, format, symbol, interval, rows, stored, written, rejected });
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
