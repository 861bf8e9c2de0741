import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BarColumns } from '../market/bar-columns.js';
import { BarColumnValidator } from '../market/bar-column-validator.js';
import type { Interval } from '../market/interval.js';
import type { BarChunkWriter, BarStore } from '../storage/bar-store.js';
import { err, ok, type Result } from '../util/result.js';
import { BarCsvReader, CHUNK_ROWS, type BarCsvHeader, type CsvParserChoice, type FileProblem, type RowRejection } from './bar-csv.js';
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

/**
 * Bytes of a file decoded and scanned at a time, cut at a line end so no line and no UTF-8 character is
 * split. Decoding a whole 50 MB file into one string took 3x as long as these pieces together, and the
 * pieces keep memory flat.
 */
const PIECE_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const QUOTE = 0x22;

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

/**
 * Imports one file; see {@link ingestPath}. The file is read, validated and stored chunk by chunk
 * inside ONE transaction, so memory stays flat whatever its size and it is still stored whole (minus
 * rejected rows) or not at all: a problem found late (a CSV syntax error, an unknown interval) or any
 * exception rolls back every chunk already written.
 */
export function ingestFile(file: string, store: BarSink, options: FileOptions = {}): FileReport {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, file, unreadable: true, message: `cannot read the file: ${(error as Error).message}` };
  }
  try {
    return store.bulk((writer) => {
      const imported = importBytes(bytes, file, writer, options);
      if (!imported.ok) throw new FileRefused(imported.error);
      return imported.value;
    });
  } catch (error) {
    if (error instanceof FileRefused) {
      const { line, message } = error.problem;
      return { ok: false, file, unreadable: false, message, ...(line === undefined ? {} : { line }) };
    }
    // The file is one transaction, so nothing of it was stored.
    return { ok: false, file, unreadable: false, message: `the database refused the file, nothing stored: ${(error as Error).message}` };
  }
}

/** Parse → validate → write, chunk by chunk; call inside the file's transaction. */
function importBytes(bytes: Buffer, file: string, writer: BarChunkWriter, options: FileOptions): Result<FileImported, FileProblem> {
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

  const parser = options.parser ?? 'auto';
  if (parser === 'csv-parse' || (parser === 'auto' && bytes.includes(QUOTE))) {
    // Quoted cells may hold newlines, so such a file cannot be cut at line ends: csv-parse reads it whole.
    reader.feedQuoted(bytes.toString('utf8'));
    options.onProgress?.(bytes.length);
  } else {
    for (let pos = 0; pos < bytes.length; ) {
      const cut = pos + PIECE_BYTES >= bytes.length ? -1 : bytes.indexOf(NEWLINE, pos + PIECE_BYTES);
      const end = cut < 0 ? bytes.length : cut + 1;
      reader.feedUnquoted(bytes.toString('utf8', pos, end));
      pos = end;
      options.onProgress?.(pos);
    }
  }
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
