import { MAX_FIELDS, newRecord, type ParseProgress, type RecordSink } from './csv-record.js';

const PROGRESS_EVERY_LINES = 65_536;

/**
 * A hand-written scanner for the unquoted CSV that bar files are: lines split on \n (a trailing \r is
 * dropped, so CRLF files work), cells split on commas, no allocation per line. Measured in
 * bench/ingest.bench.ts at several times csv-parse's rate, which matters because parsing, not SQLite,
 * bounded the import otherwise. It does NOT understand quotes: callers send files containing `"` to
 * csv-parse instead (see {@link parseBarCsv} in bar-csv.ts).
 *
 * A file may be fed in pieces that each end at a line end: pass the previous call's result as
 * `linesBefore` so line numbers continue. A BOM is dropped only at the start of the first piece.
 * @returns the number of the last line read (lines before this piece included).
 */
export function scanUnquoted(text: string, sink: RecordSink, onProgress?: ParseProgress, linesBefore = 0): number {
  const record = newRecord();
  record.text = text;
  const { starts, ends } = record;
  const maxFields = MAX_FIELDS;
  const length = text.length;
  let pos = linesBefore === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = linesBefore;
  // The next comma at or after the cursor, kept across lines so a file without commas stays linear;
  // -1 once there are none left, -2 before the first search.
  let comma = -2;
  while (pos < length) {
    line++;
    const newline = text.indexOf('\n', pos);
    const lineEnd = newline < 0 ? length : newline;
    const end = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    let fields = 0;
    let cellStart = pos;
    for (;;) {
      if (comma !== -1 && comma < cellStart) comma = text.indexOf(',', cellStart);
      const cellEnd = comma < 0 || comma > end ? end : comma;
      if (fields < maxFields) {
        starts[fields] = cellStart;
        ends[fields] = cellEnd;
      }
      fields++;
      if (cellEnd === end) break;
      cellStart = cellEnd + 1;
    }
    record.fields = fields;
    record.line = line;
    sink(record);
    pos = lineEnd + 1;
    if (onProgress !== undefined && line % PROGRESS_EVERY_LINES === 0) onProgress(pos);
  }
  onProgress?.(length);
  return line;
}
