/**
 * One CSV record as ranges of a string, so the fast scanner can hand out cells without slicing. The
 * object and its arrays are reused from record to record: read what you need inside the callback.
 */
export interface CsvRecord {
  text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Number of cells in the record; may exceed the arrays' length, whose extra cells are not recorded. */
  fields: number;
  /** 1-based line of the record in the file. */
  line: number;
}

export type RecordSink = (record: CsvRecord) => void;
/** Called now and then with how many characters of the text have been read. */
export type ParseProgress = (charsRead: number) => void;

/** Cells recorded per record; bar files have at most 7 columns, more only matter as a count. */
export const MAX_FIELDS = 16;

export function newRecord(): CsvRecord {
  return { text: '', starts: new Int32Array(MAX_FIELDS), ends: new Int32Array(MAX_FIELDS), fields: 0, line: 0 };
}

/** The cell's text (allocates; for headers and error messages, not the hot path). */
export function cellText(record: CsvRecord, index: number): string {
  return record.text.slice(record.starts[index], record.ends[index]);
}

/** A record that holds nothing but whitespace, such as the blank line at the end of many files. */
export function isBlank(record: CsvRecord): boolean {
  return record.fields === 1 && cellText(record, 0).trim() === '';
}
