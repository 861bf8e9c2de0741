/** The bar CSV layouts the importer reads. */
export type CsvFormat = 'daily' | 'yahoo' | 'intraday';

/** Header of each format, lower-cased; cells are matched trimmed and case-insensitively. */
export const FORMAT_HEADERS: Readonly<Record<CsvFormat, readonly string[]>> = {
  daily: ['date', 'open', 'high', 'low', 'close', 'volume'],
  yahoo: ['date', 'open', 'high', 'low', 'close', 'adj close', 'volume'],
  intraday: ['datetime', 'open', 'high', 'low', 'close', 'volume'],
};

/** The columns of the shared data's daily/INDEX.csv, which sits next to the price files. */
const INDEX_PREFIX = ['symbol', 'kind', 'file', 'first', 'last', 'rows'];

const ACCEPTED = (Object.values(FORMAT_HEADERS) as readonly (readonly string[])[])
  .map((h) => `  ${h.join(',')}`)
  .join('\n');

/** The format a header announces, or a message saying what the file is and which headers would do. */
export function detectFormat(header: readonly string[]): { format: CsvFormat } | { error: string } {
  const cells = header.map((c) => c.trim().toLowerCase());
  for (const format of Object.keys(FORMAT_HEADERS) as CsvFormat[]) {
    const expected = FORMAT_HEADERS[format];
    if (cells.length === expected.length && cells.every((c, i) => c === expected[i])) return { format };
  }
  if (INDEX_PREFIX.every((c, i) => cells[i] === c)) {
    return {
      error:
        `this is an index of the daily price files (columns ${header.join(',')}), one row per symbol with its ` +
        'file, date range, row count and data-quality counts; it holds no prices. Import the files it lists instead.',
    };
  }
  return { error: `unrecognised header "${header.join(',')}". Accepted headers (any letter case):\n${ACCEPTED}` };
}
