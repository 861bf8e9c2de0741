import type { Interval } from '../market/interval.js';
import type { CsvFormat } from './csv-format.js';
import type { RowRejection } from './bar-csv.js';

/** A file that was read: what it held, what was stored, what was refused and why. */
export interface FileImported {
  readonly ok: true;
  readonly file: string;
  readonly format: CsvFormat;
  readonly symbol: string;
  readonly interval: Interval;
  /** Data rows in the file. */
  readonly rows: number;
  /** Rows that passed every check and are now in the database (stored = rows - rejected). */
  readonly stored: number;
  /** Of those, rows that were new or had different values; 0 when re-importing the same file. */
  readonly written: number;
  /** Refused rows in line order; none of them was stored. */
  readonly rejected: readonly RowRejection[];
}

/** A file of which nothing was stored, and why. */
export interface FileFailed {
  readonly ok: false;
  readonly file: string;
  /** The file could not be read at all (missing, a permission problem): not the same as bad content. */
  readonly unreadable: boolean;
  readonly line?: number;
  readonly message: string;
}

export type FileReport = FileImported | FileFailed;

export interface IngestTotals {
  readonly files: number;
  readonly filesFailed: number;
  readonly rows: number;
  readonly stored: number;
  readonly written: number;
  readonly rejected: number;
}

export interface IngestReport {
  readonly files: readonly FileReport[];
  readonly totals: IngestTotals;
}

/** The CLI's exit rule: failure only when nothing could be imported or some file could not be read. */
export function ingestFailed(report: IngestReport): boolean {
  return report.totals.stored === 0 || report.files.some((f) => !f.ok && f.unreadable);
}

export function totalsOf(files: readonly FileReport[]): IngestTotals {
  let rows = 0;
  let stored = 0;
  let written = 0;
  let rejected = 0;
  for (const f of files) {
    if (!f.ok) continue;
    rows += f.rows;
    stored += f.stored;
    written += f.written;
    rejected += f.rejected.length;
  }
  return { files: files.length, filesFailed: files.filter((f) => !f.ok).length, rows, stored, written, rejected };
}
