import { parse } from 'csv-parse/sync';
import { MAX_FIELDS, newRecord, type ParseProgress, type RecordSink } from './csv-record.js';

/** CSV the library refused (an unclosed quote, say); nothing of the file is used. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Full RFC 4180 CSV through csv-parse: quoted cells, embedded commas and newlines. Used for files the
 * fast scanner cannot read (any `"` in the text) and as the reference the fast scanner is measured
 * against. Each record's cells are laid end to end in one string so sinks read both scanners alike.
 * @throws CsvSyntaxError with the line where csv-parse gave up.
 */
export function scanWithCsvParse(text: string, sink: RecordSink, onProgress?: ParseProgress): void {
  const record = newRecord();
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Both, so a file whose lines mix endings (edited on two systems) still splits on every line.
      record_delimiter: ['\r\n', '\n'],
      on_record: (cells: string[], info) => {
        let offset = 0;
        for (let i = 0; i < cells.length && i < MAX_FIELDS; i++) {
          record.starts[i] = offset;
          offset += (cells[i] as string).length;
          record.ends[i] = offset;
        }
        record.text = cells.join('');
        record.fields = cells.length;
        record.line = info.lines;
        sink(record);
        // Sinks keep nothing of ours, so csv-parse need not collect the records either.
        return null;
      },
    });
  } catch (error) {
    // csv-parse ships CJS and ESM builds, so `instanceof CsvError` can miss; its codes all start CSV_.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')) {
      const line = 'lines' in error && typeof error.lines === 'number' ? error.lines : 0;
      throw new CsvSyntaxError(line, error.message);
    }
    throw error;
  }
  onProgress?.(text.length);
}
