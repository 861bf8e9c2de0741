import type { Bar } from '../market/bar.js';
import type { BarIssueCode } from '../market/bar-rules.js';
import type { Interval } from '../market/interval.js';
import type { EpochMs, Price, Quantity } from '../market/units.js';
import { err, ok, type Result } from '../util/result.js';
import { CsvSyntaxError, scanWithCsvParse } from './csv-parse-scanner.js';
import { cellText, isBlank, type CsvRecord, type ParseProgress } from './csv-record.js';
import { detectFormat, FORMAT_HEADERS, type CsvFormat } from './csv-format.js';
import { scanUnquoted } from './fast-csv-scanner.js';
import { inferInterval } from './infer-interval.js';
import { parseIsoDate, parseIsoDateTime } from './iso-time.js';
import { isNonFiniteLiteral, parseNumber } from './parse-number.js';
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

/** Bars are built in place as rows are read; only an intraday file's interval is filled in afterwards. */
type MutableBar = { -readonly [K in keyof Bar]: Bar[K] };

/** Interval placeholder until an intraday file's spacing is known. */
const PENDING_INTERVAL: Interval = '1d';

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
 */
export function parseBarCsv(text: string, options: BarCsvOptions): Result<ParsedBarCsv, FileProblem> {
  const symbol = options.symbol ?? symbolFromFileName(options.file);
  if (symbol === undefined || symbol.trim() === '') {
    return err({ message: 'cannot tell the symbol from the file name; pass --symbol' });
  }
  let format: CsvFormat | undefined;
  let problem: FileProblem | undefined;
  let rows = 0;
  const bars: MutableBar[] = [];
  const lines: number[] = [];
  const rejected: RowRejection[] = [];
  let readRow: ((record: CsvRecord) => void) | undefined;

  const sink = (record: CsvRecord): void => {
    if (readRow !== undefined) {
      readRow(record);
      return;
    }
    if (problem !== undefined || isBlank(record)) return;
    const header = Array.from({ length: record.fields }, (_, i) => cellText(record, i));
    const detected = detectFormat(header);
    if ('error' in detected) {
      problem = { line: record.line, message: detected.error };
      // Stop reading rows; the file is refused as a whole.
      readRow = () => undefined;
      return;
    }
    format = detected.format;
    const fixed = format === 'intraday' ? options.interval : '1d';
    readRow = rowReader(format, symbol, fixed ?? PENDING_INTERVAL, { bars, lines, rejected }, () => rows++);
  };

  const parser = options.parser ?? 'auto';
  const useFast = parser === 'fast' || (parser === 'auto' && !text.includes('"'));
  try {
    if (useFast) scanUnquoted(text, sink, options.onProgress);
    else scanWithCsvParse(text, sink, options.onProgress);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return err({ line: error.line, message: `CSV syntax error: ${error.message}` });
    throw error;
  }
  if (problem !== undefined) return err(problem);
  if (format === undefined) return err({ message: 'the file is empty: no header line' });

  const resolved = resolveInterval(format, options.interval, bars);
  if ('message' in resolved) return err(resolved);
  const { interval } = resolved;
  if (format === 'intraday' && options.interval === undefined) for (const bar of bars) bar.interval = interval;
  return ok({ format, symbol, interval, rows, bars, lines, rejected });
}

function resolveInterval(format: CsvFormat, given: Interval | undefined, bars: readonly Bar[]): { interval: Interval } | FileProblem {
  if (format !== 'intraday') {
    if (given !== undefined && given !== '1d') {
      return { message: `a ${format} file holds one bar per date, so its interval is 1d, not ${given}` };
    }
    return { interval: '1d' };
  }
  if (given !== undefined) return { interval: given };
  const inferred = inferInterval(bars.map((b) => b.time));
  if ('interval' in inferred) return inferred;
  const spacing = inferred.gapMs === undefined ? 'fewer than two distinct times' : `most common spacing ${inferred.gapMs / 1000} s`;
  return { message: `cannot infer the bar interval (${spacing}); pass --interval (1m, 5m, 15m, 1h or 1d)` };
}

/** Builds the per-row reader of one format; kept monomorphic for the hot loop. */
interface RowOutput {
  readonly bars: MutableBar[];
  readonly lines: number[];
  readonly rejected: RowRejection[];
}

function rowReader(
  format: CsvFormat,
  symbol: string,
  interval: Interval,
  out: RowOutput,
  countRow: () => void,
): (record: CsvRecord) => void {
  const { bars, lines, rejected } = out;
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
    let close = readNumber(text, starts[4] as number, ends[4] as number);
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
    let o = open;
    let h = high;
    let l = low;
    // Scale only with a usable factor. A bad Close stays in place and a bad Adj Close becomes the close,
    // so either way the validator names the bad value instead of a NaN made here.
    if (yahoo && usable(close)) {
      if (usable(adjClose)) {
        const factor = adjClose / close;
        o = open * factor;
        h = high * factor;
        l = low * factor;
      }
      close = adjClose;
    }
    bars.push({
      symbol,
      interval,
      // Plain casts rather than the units.ts helpers: the validator checks these values next.
      time: time as EpochMs,
      open: o as Price,
      high: h as Price,
      low: l as Price,
      close: close as Price,
      volume: volume as Quantity,
    });
    lines.push(record.line);
  };
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
