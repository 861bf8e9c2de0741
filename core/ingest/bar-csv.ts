import type { Bar } from '../market/bar.js';
import type { BarIssueCode } from '../market/bar-rules.js';
import type { Interval } from '../market/interval.js';
import { BarColumns } from '../market/bar-columns.js';
import { err, ok, type Result } from '../util/result.js';
import { CsvSyntaxError, scanWithCsvParse } from './csv-parse-scanner.js';
import { cellText, isBlank, type CsvRecord, type ParseProgress } from './csv-record.js';
import { detectFormat, FORMAT_HEADERS, type CsvFormat } from './csv-format.js';
import { scanUnquoted } from './fast-csv-scanner.js';
import { inferInterval } from './infer-interval.js';
import { parseIsoDate, parseIsoDateTime } from './iso-time.js';
import { isNonFiniteLiteral, parseNumber } from './parse-number.js';
import { readPlainRow } from './plain-row.js';
import { symbolFromFileName } from './symbol-from-file.js';

/** Why a row was refused: a cell the parser could not read, or a rule of the bar validator. */
export type RowReasonCode = BarIssueCode | 'column-count' | 'not-a-number' | 'bad-date';

export interface RowReason {
  readonly code: RowReasonCode;
  readonly message: string;
  /** Header name of the offending column, for cell-level problems. */
  readonly column?: string;
}

/** A refused row of a file, with every reason found for it. */
export interface RowRejection {
  /** 1-based line in the file. */
  readonly line: number;
  readonly reasons: readonly RowReason[];
}

/** A problem with the whole file: nothing of it can be imported. */
export interface FileProblem {
  /** Line the problem is on, when there is one. */
  readonly line?: number;
  readonly message: string;
}

/** Which CSV reader to use; `auto` takes the fast scanner unless the file contains quotes. */
export type CsvParserChoice = 'auto' | 'fast' | 'csv-parse';

export interface BarCsvOptions {
  /** Path or name of the file: gives the symbol when `symbol` is absent. */
  readonly file: string;
  readonly symbol?: string | undefined;
  /** Required for nothing: daily formats are 1d, intraday files infer it from their spacing. */
  readonly interval?: Interval | undefined;
  readonly parser?: CsvParserChoice;
  readonly onProgress?: ParseProgress;
}

/** A file's bars in file order, before validation, and the rows that could not even be read. */
export interface ParsedBarCsv {
  readonly format: CsvFormat;
  readonly symbol: string;
  readonly interval: Interval;
  /** Data rows in the file (blank lines not counted). */
  readonly rows: number;
  readonly bars: Bar[];
  /** Source line of each bar. */
  readonly lines: number[];
  readonly rejected: RowRejection[];
}

/** Rows per chunk: large enough that per-chunk work vanishes, small enough to stay in the CPU cache. */
export const CHUNK_ROWS = 4096;

/** What the header and options say about a file whose rows are being read. */
export interface BarCsvHeader {
  readonly format: CsvFormat;
  readonly symbol: string;
  readonly interval: Interval;
}

/** A file read to its end: everything but its bars, which went to the chunk sink. */
export interface BarCsvSummary extends BarCsvHeader {
  /** Data rows in the file (blank lines not counted). */
  readonly rows: number;
  /** Rows that could not be read, in line order. */
  readonly rejected: RowRejection[];
}

/**
 * Receives the bars read so far, in file order, as a chunk that is reused once the sink returns. All
 * chunks of a file carry the same header.
 */
export type BarChunkSink = (chunk: BarColumns, header: BarCsvHeader) => void;

/** How a {@link BarCsvReader} works inside; the defaults are what the importer uses. */
export interface BarCsvReaderTuning {
  /** Rows per chunk handed to the sink. */
  readonly capacity?: number;
  /**
   * Read plain daily/Yahoo rows in one pass ({@link readPlainRow}). Off only in tests that prove it gives
   * the same result as the general path.
   */
  readonly plainRows?: boolean;
}

/**
 * The streaming form of {@link parseBarCsv}: text goes in piece by piece (each piece whole lines), bars
 * come out as chunks of columns, so a file of any size is read with a few fixed buffers and no object per
 * row. Formats, Yahoo adjustment and row rejections are exactly those described at {@link parseBarCsv}.
 *
 * An intraday file without a given interval is the exception: its interval comes from the spacing of all
 * its times, so its chunks are held (as columns) until {@link finish} and only then handed out.
 */
export class BarCsvReader {
  readonly #options: BarCsvOptions;
  readonly #sink: BarChunkSink;
  readonly #capacity: number;
  readonly #symbol: string;
  readonly #rejected: RowRejection[] = [];
  #problem: FileProblem | undefined;
  #format: CsvFormat | undefined;
  #header: BarCsvHeader | undefined;
  readonly #chunk: BarColumns;
  /** Full chunks waiting for an intraday file's interval. */
  readonly #held: BarColumns[] = [];
  #rows = 0;
  #lines = 0;
  #readRow: ((record: CsvRecord) => void) | undefined;
  readonly #plainRows: boolean;
  /** Numbers per plain row after the date, once the header allows the one-pass path; 0 until then. */
  #plainCount = 0;
  readonly #plainOut = new Float64Array(8);

  constructor(options: BarCsvOptions, sink: BarChunkSink, tuning: BarCsvReaderTuning = {}) {
    this.#options = options;
    this.#sink = sink;
    this.#capacity = tuning.capacity ?? CHUNK_ROWS;
    this.#plainRows = tuning.plainRows ?? true;
    this.#chunk = new BarColumns(this.#capacity);
    const symbol = options.symbol ?? symbolFromFileName(options.file);
    if (symbol === undefined || symbol.trim() === '') {
      this.#problem = { message: 'cannot tell the symbol from the file name; pass --symbol' };
    }
    this.#symbol = symbol ?? '';
  }

  /**
   * Reads `text` with the fast scanner; it must end at a line end (or be the file's last piece). Line
   * numbers continue from the previous piece.
   */
  feedUnquoted(text: string, onProgress?: ParseProgress): void {
    const length = text.length;
    let pos = 0;
    while (pos < length && this.#problem === undefined) {
      if (this.#plainCount > 0) {
        pos = this.#readPlainRows(text, pos);
        if (pos === length) break;
      } else if (this.#readRow !== undefined) {
        // A format without a one-pass path: the scanner takes the rest of the piece.
        this.#lines = scanUnquoted(pos === 0 ? text : text.slice(pos), this.#onRecord, undefined, this.#lines);
        break;
      }
      // The header, or a line the one-pass path left: one line through the general scanner.
      const newline = text.indexOf('\n', pos);
      const end = newline < 0 ? length : newline + 1;
      this.#lines = scanUnquoted(text.slice(pos, end), this.#onRecord, undefined, this.#lines);
      pos = end;
    }
    onProgress?.(length);
  }

  /** Reads plain rows from `pos` on; returns where the first other line (or the text's end) is. */
  #readPlainRows(text: string, from: number): number {
    const length = text.length;
    const count = this.#plainCount;
    const out = this.#plainOut;
    const chunk = this.#chunk;
    const yahoo = count === 6;
    const read = readPlainRow;
    let pos = from;
    while (pos < length) {
      const next = read(text, pos, count, out);
      if (next < 0) break;
      this.#rows++;
      this.#lines++;
      const line = this.#lines;
      const time = out[0] as number;
      const open = out[1] as number;
      const high = out[2] as number;
      const low = out[3] as number;
      const close = out[4] as number;
      if (yahoo) pushBar(chunk, true, time, open, high, low, close, out[5] as number, out[6] as number, line);
      else pushBar(chunk, false, time, open, high, low, close, close, out[5] as number, line);
      if (chunk.full) this.#chunkFull();
      pos = next;
    }
    return pos;
  }

  /** Reads `text` (a whole file) with csv-parse, for quoted CSV. */
  feedQuoted(text: string, onProgress?: ParseProgress): void {
    if (this.#problem !== undefined) return;
    try {
      scanWithCsvParse(text, this.#onRecord, onProgress);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      this.#problem = { line: error.line, message: `CSV syntax error: ${error.message}` };
    }
  }

  /**
   * Hands out the last bars and says what the file held, or why nothing of it can be used. Bars already
   * handed out before a problem came up must then be discarded by the caller (the importer rolls back).
   */
  finish(): Result<BarCsvSummary, FileProblem> {
    if (this.#problem !== undefined) return err(this.#problem);
    const format = this.#format;
    if (format === undefined) return err({ message: 'the file is empty: no header line' });
    let header = this.#header;
    if (header === undefined) {
      const held = this.#chunk.length > 0 ? [...this.#held, this.#chunk] : this.#held;
      const resolved = resolveInterval(format, undefined, held);
      if ('message' in resolved) return err(resolved);
      header = { format, symbol: this.#symbol, interval: resolved.interval };
      this.#header = header;
      for (const chunk of this.#held) this.#sink(chunk, header);
      this.#held.length = 0;
    }
    if (this.#chunk.length > 0) {
      this.#sink(this.#chunk, header);
      this.#chunk.clear();
    }
    return ok({ ...header, rows: this.#rows, rejected: this.#rejected });
  }

  readonly #onRecord = (record: CsvRecord): void => {
    if (this.#readRow !== undefined) {
      this.#readRow(record);
      return;
    }
    if (isBlank(record)) return;
    const cells = Array.from({ length: record.fields }, (_, i) => cellText(record, i));
    const detected = detectFormat(cells);
    // Until the interval is settled an intraday file has no header to hand out.
    const resolved = 'error' in detected ? { line: record.line, message: detected.error } : this.#settle(detected.format);
    if ('message' in resolved) {
      this.#problem = resolved;
      // Stop reading rows; the file is refused as a whole.
      this.#readRow = () => undefined;
      return;
    }
    this.#readRow = rowReader(resolved.format, this.#rejected, this.#chunk, () => this.#rows++, () => this.#chunkFull());
    if (this.#plainRows && resolved.format !== 'intraday') this.#plainCount = FORMAT_HEADERS[resolved.format].length - 1;
  };

  #settle(format: CsvFormat): { format: CsvFormat } | FileProblem {
    this.#format = format;
    const given = this.#options.interval;
    if (format === 'intraday' && given === undefined) return { format };
    const resolved = resolveInterval(format, given, []);
    if ('message' in resolved) return resolved;
    this.#header = { format, symbol: this.#symbol, interval: resolved.interval };
    return { format };
  }

  #chunkFull(): void {
    if (this.#header !== undefined) {
      this.#sink(this.#chunk, this.#header);
      this.#chunk.clear();
      return;
    }
    // Interval still unknown: keep a copy and reuse the chunk, which the row reader writes through.
    this.#held.push(copyOf(this.#chunk, this.#capacity));
    this.#chunk.clear();
  }
}

function copyOf(from: BarColumns, capacity: number): BarColumns {
  const to = new BarColumns(capacity);
  to.time.set(from.time);
  to.open.set(from.open);
  to.high.set(from.high);
  to.low.set(from.low);
  to.close.set(from.close);
  to.volume.set(from.volume);
  to.line.set(from.line);
  to.length = from.length;
  return to;
}

/**
 * Reads a bar CSV: the normalised daily header `date,open,high,low,close,volume` (dates at 00:00 UTC,
 * interval 1d), Yahoo's `Date,Open,High,Low,Close,Adj Close,Volume`, or intraday
 * `datetime,open,high,low,close,volume` (ISO 8601, no zone = UTC).
 *
 * Yahoo rows are adjusted the way the shared NVDA/ORCL/YHOO files were made: open, high and low are
 * scaled by AdjClose/Close and close := Adj Close. Volume is kept as given: Yahoo's prices and volume
 * are already split-adjusted, so the Adj Close factor is the dividend factor, and dividing traded
 * shares by a dividend factor would invent volume that never traded.
 *
 * Rows that cannot be read (wrong number of cells, a cell that is not a number, a bad date) are
 * returned as rejections naming line and column; the rest go on to the bar validator.
 *
 * Builds a Bar object per row; the importer streams with {@link BarCsvReader} instead.
 */
export function parseBarCsv(text: string, options: BarCsvOptions): Result<ParsedBarCsv, FileProblem> {
  const bars: Bar[] = [];
  const lines: number[] = [];
  const reader = new BarCsvReader(options, (chunk, header) => {
    for (let i = 0; i < chunk.length; i++) {
      bars.push(chunk.barAt(i, header.symbol, header.interval));
      lines.push(chunk.line[i] as number);
    }
  });
  const parser = options.parser ?? 'auto';
  if (parser === 'fast' || (parser === 'auto' && !text.includes('"'))) reader.feedUnquoted(text, options.onProgress);
  else reader.feedQuoted(text, options.onProgress);
  const read = reader.finish();
  if (!read.ok) return read;
  const { format, symbol, interval, rows, rejected } = read.value;
  return ok({ format, symbol, interval, rows, bars, lines, rejected });
}

function resolveInterval(format: CsvFormat, given: Interval | undefined, held: readonly BarColumns[]): { interval: Interval } | FileProblem {
  if (format !== 'intraday') {
    if (given !== undefined && given !== '1d') {
      return { message: `a ${format} file holds one bar per date, so its interval is 1d, not ${given}` };
    }
    return { interval: '1d' };
  }
  if (given !== undefined) return { interval: given };
  const times = held.flatMap((chunk) => Array.from(chunk.time.subarray(0, chunk.length)));
  const inferred = inferInterval(times);
  if ('interval' in inferred) return inferred;
  const spacing = inferred.gapMs === undefined ? 'fewer than two distinct times' : `most common spacing ${inferred.gapMs / 1000} s`;
  return { message: `cannot infer the bar interval (${spacing}); pass --interval (1m, 5m, 15m, 1h or 1d)` };
}

/** Builds the per-row reader of one format; kept monomorphic for the hot loop. */
function rowReader(
  format: CsvFormat,
  rejected: RowRejection[],
  chunk: BarColumns,
  countRow: () => void,
  chunkFull: () => void,
): (record: CsvRecord) => void {
  // Local bindings: under tsx's module interop every cross-module call in this loop went through an
  // export getter, which showed up in the profile of a 1M-row import.
  const readNumber = parseNumber;
  const readDate = parseIsoDate;
  const header = FORMAT_HEADERS[format];
  const width = header.length;
  const yahoo = format === 'yahoo';
  const volumeAt = yahoo ? 6 : 5;
  const intraday = format === 'intraday';
  return (record) => {
    if (record.fields === 1 && isBlank(record)) return;
    countRow();
    if (record.fields !== width) {
      rejected.push({
        line: record.line,
        reasons: [
          {
            code: 'column-count',
            message: `expected ${width} cells (${header.join(',')}) but found ${record.fields}`,
          },
        ],
      });
      return;
    }
    const { text, starts, ends } = record;
    let time = intraday ? parseIsoDateTime(cellText(record, 0).trim()) : readDate(text, starts[0] as number, ends[0] as number);
    if (Number.isNaN(time) && !intraday) {
      const cell = cellText(record, 0).trim();
      time = parseIsoDate(cell, 0, cell.length);
    }
    const open = readNumber(text, starts[1] as number, ends[1] as number);
    const high = readNumber(text, starts[2] as number, ends[2] as number);
    const low = readNumber(text, starts[3] as number, ends[3] as number);
    const close = readNumber(text, starts[4] as number, ends[4] as number);
    const adjClose = yahoo ? readNumber(text, starts[5] as number, ends[5] as number) : close;
    const volume = readNumber(text, starts[volumeAt] as number, ends[volumeAt] as number);
    // NaN in any slot sends the row to the slow, explaining path.
    if (Number.isNaN(time + open + high + low + close + adjClose + volume)) {
      const reasons = cellReasons(record, header, time);
      if (reasons.length > 0) {
        rejected.push({ line: record.line, reasons });
        return;
      }
    }
    pushBar(chunk, yahoo, time, open, high, low, close, adjClose, volume, record.line);
    if (chunk.full) chunkFull();
  };
}

/** Appends a read row to `chunk`, applying the Yahoo adjustment described at {@link parseBarCsv}. */
function pushBar(
  chunk: BarColumns,
  yahoo: boolean,
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  adjClose: number,
  volume: number,
  line: number,
): void {
  // Scale only with a usable factor. A bad Close stays in place and a bad Adj Close becomes the close,
  // so either way the validator names the bad value instead of a NaN made here.
  if (yahoo && usable(close)) {
    if (usable(adjClose)) {
      const factor = adjClose / close;
      chunk.push(time, open * factor, high * factor, low * factor, adjClose, volume, line);
      return;
    }
    chunk.push(time, open, high, low, adjClose, volume, line);
    return;
  }
  chunk.push(time, open, high, low, close, volume, line);
}

const usable = (x: number): boolean => x > 0 && Number.isFinite(x);

/** Reasons for the cells of a row that could not be read; NaN/Infinity literals are left to the validator. */
function cellReasons(record: CsvRecord, header: readonly string[], time: number): RowReason[] {
  const reasons: RowReason[] = [];
  if (Number.isNaN(time)) {
    const form = header[0] === 'datetime' ? 'an ISO 8601 date-time such as 2024-01-02T09:30:00Z' : 'an ISO date (YYYY-MM-DD)';
    reasons.push({ code: 'bad-date', column: header[0] as string, message: `${header[0]} "${cellText(record, 0)}" is not ${form}` });
  }
  for (let i = 1; i < header.length; i++) {
    const cell = cellText(record, i);
    if (Number.isNaN(parseNumber(cell, 0, cell.length)) && !isNonFiniteLiteral(cell)) {
      reasons.push({ code: 'not-a-number', column: header[i] as string, message: `${header[i]} "${cell}" is not a number` });
    }
  }
  return reasons;
}
