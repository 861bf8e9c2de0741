/** A cell as SQLite returns it. */
export type Cell = string | number | bigint | null | Buffer;

/** One table: the column names and rows in that order. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/**
 * RFC 4180 CSV: a header line, CRLF line ends, fields with a comma, quote or line break quoted and quotes
 * doubled; null is an empty field. A leading =, +, - or @ is prefixed with a quote mark so a reviewer's
 * spreadsheet does not run a reason text as a formula.
 */
export function toCsv(table: Table): string {
  const lines = [table.columns.map(cell).join(','), ...table.rows.map((row) => row.map(cell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = typeof value === 'string' ? value : value.toString('base64');
  if (/^[=+\-@]/.test(text) && !/^[-+]?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
