import { parse } from 'csv-parse/sync';
import { epochMs } from '../market/units.js';
import { err, ok, type Result } from '../util/result.js';
import type { RawNews } from './news-source.js';
import { isRecord } from '../util/is-record.js';

/** One refused row: where it is and why, in words that say what to fix. */
export interface NewsRejection {
  /** CSV: the file line (1 = header). JSON: the item's position in the array, from 1. */
  readonly line: number;
  readonly reason: string;
}

export interface ParsedNews {
  readonly format: 'json' | 'csv';
  /** Rows read (accepted + rejected). */
  readonly rows: number;
  readonly items: readonly RawNews[];
  readonly rejected: readonly NewsRejection[];
}

/** Limits that keep one bad file from filling the database; a longer field is refused, not truncated. */
export const NEWS_LIMITS = { idChars: 200, headlineChars: 1_000, summaryChars: 5_000, urlChars: 2_000, symbolsPerStory: 50 } as const;

const TICKER = /^[A-Z][A-Z0-9.\-/]{0,11}$/;
// Stories before 1990 or after 2100 are a unit mistake (seconds for milliseconds, a two-digit year).
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);
const CSV_REQUIRED = ['id', 'time', 'symbols', 'headline'] as const;
const CSV_KNOWN = new Set<string>([...CSV_REQUIRED, 'summary', 'source', 'url']);

/**
 * Reads a news file the trader imports: a JSON array of stories (or Alpaca's `{"news": [...]}` page), or a CSV
 * with a header `id,time,symbols,headline[,summary,source,url]`. Each row is validated on its own; a bad row is
 * listed with its line and reason and left out, the good ones are returned for the caller to store in one
 * transaction. A file that cannot be read at all (not JSON, no header) is an error for the whole file.
 *
 * Fields: `id` (string or number, unique in the file), `time` (ISO 8601 with a zone, or epoch milliseconds;
 * Alpaca's `created_at` is accepted for JSON), `symbols` (a list, or one cell split on `;`, `|`, `,` or spaces),
 * `headline`; optional `summary`, `source` (default "import"), `url`.
 */
export function parseNewsFile(fileName: string, text: string): Result<ParsedNews> {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const json = fileName.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{');
  return json ? parseJson(fileName, trimmed) : parseCsv(fileName, trimmed);
}

function parseJson(fileName: string, text: string): Result<ParsedNews> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return err(`${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc['news']) ? doc['news'] : undefined;
  if (list === undefined) return err(`${fileName}: expected a JSON array of stories or an object with a "news" array`);
  const rows: unknown[] = list;
  return ok(collect('json', rows.map((row, i) => ({ line: i + 1, row: isRecord(row) ? row : undefined }))));
}

function parseCsv(fileName: string, text: string): Result<ParsedNews> {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), info: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    return err(`${fileName}: not readable as CSV (${e instanceof Error ? e.message : String(e)})`);
  }
  const header = text.split(/\r?\n/, 1)[0]?.split(',').map((c) => c.trim().toLowerCase()) ?? [];
  const missing = CSV_REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) return err(`${fileName} line 1: the header lacks ${missing.join(', ')} (expected id,time,symbols,headline[,summary,source,url])`);
  const unknown = header.filter((c) => !CSV_KNOWN.has(c));
  if (unknown.length > 0) return err(`${fileName} line 1: unknown column ${unknown.join(', ')} (expected id,time,symbols,headline[,summary,source,url])`);
  return ok(collect('csv', records.map((r) => ({ line: r.info.lines, row: r.record }))));
}

function collect(format: 'json' | 'csv', rows: readonly { readonly line: number; readonly row: Record<string, unknown> | undefined }[]): ParsedNews {
  const items: RawNews[] = [];
  const rejected: NewsRejection[] = [];
  const seen = new Map<string, number>();
  for (const { line, row } of rows) {
    const r = row === undefined ? err('not an object with id, time, symbols and headline') : toRawNews(row);
    if (!r.ok) {
      rejected.push({ line, reason: r.error });
      continue;
    }
    const first = seen.get(r.value.id);
    if (first !== undefined) {
      rejected.push({ line, reason: `id "${r.value.id}" repeats the story on ${format === 'csv' ? 'line' : 'item'} ${first}` });
      continue;
    }
    seen.set(r.value.id, line);
    items.push(r.value);
  }
  return { format, rows: rows.length, items, rejected };
}

function toRawNews(row: Record<string, unknown>): Result<RawNews> {
  const rawId = row['id'];
  const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
  if (id === '') return err('id is missing (a string or number unique in the file)');
  if (id.length > NEWS_LIMITS.idChars) return err(`id is longer than ${NEWS_LIMITS.idChars} characters`);
  const time = parseTime(row['time'] ?? row['created_at']);
  if (!time.ok) return time;
  const symbols = parseSymbols(row['symbols']);
  if (!symbols.ok) return symbols;
  const headline = text(row['headline']);
  if (headline === '') return err('headline is missing or empty');
  if (headline.length > NEWS_LIMITS.headlineChars) return err(`headline is longer than ${NEWS_LIMITS.headlineChars} characters`);
  const summary = text(row['summary']);
  if (summary.length > NEWS_LIMITS.summaryChars) return err(`summary is longer than ${NEWS_LIMITS.summaryChars} characters`);
  const url = text(row['url']);
  if (url.length > NEWS_LIMITS.urlChars) return err(`url is longer than ${NEWS_LIMITS.urlChars} characters`);
  if (url !== '' && !/^https?:\/\//i.test(url)) return err(`url "${url.slice(0, 60)}" is not an http(s) address`);
  const source = text(row['source']) || 'import';
  if (!/^[a-z0-9][a-z0-9_.-]{0,39}$/i.test(source)) return err(`source "${source.slice(0, 60)}" must be a short name of letters, digits, '.', '_' or '-'`);
  return ok({
    id: `${source.toLowerCase()}:${id}`,
    time: epochMs(time.value),
    symbols: symbols.value,
    headline,
    source: source.toLowerCase(),
    ...(summary === '' ? {} : { summary }),
    ...(url === '' ? {} : { url }),
  });
}

function parseTime(v: unknown): Result<number> {
  let ms: number;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string' && /^\d+$/.test(v.trim())) ms = Number(v.trim());
  else if (typeof v === 'string' && v.trim() !== '') {
    // A time without a zone would be read in the machine's zone: refuse rather than guess.
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(v.trim())) return err(`time "${v}" has no time zone (use ISO 8601 with Z or an offset, or epoch milliseconds)`);
    ms = Date.parse(v.trim());
    if (Number.isNaN(ms)) return err(`time "${v}" is not an ISO 8601 date-time`);
  } else return err('time is missing (ISO 8601 with a zone, or epoch milliseconds)');
  if (!Number.isInteger(ms)) return err(`time ${ms} is not a whole number of milliseconds`);
  if (ms < MIN_TIME || ms >= MAX_TIME) return err(`time ${ms} is outside 1990..2100 (seconds given where milliseconds are expected?)`);
  return ok(ms);
}

function parseSymbols(v: unknown): Result<readonly string[]> {
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[;|,\s]+/) : undefined;
  if (parts === undefined) return err('symbols is missing (a list of tickers, or one cell like "AAPL;MSFT")');
  const out = new Set<string>();
  for (const p of parts) {
    if (typeof p !== 'string') return err('symbols must be strings');
    const s = p.trim().toUpperCase();
    if (s === '') continue;
    if (!TICKER.test(s)) return err(`symbol "${p.slice(0, 20)}" is not a ticker (letters first, then letters, digits, '.', '-' or '/')`);
    out.add(s);
  }
  if (out.size === 0) return err('symbols is empty: a story needs at least one ticker');
  if (out.size > NEWS_LIMITS.symbolsPerStory) return err(`more than ${NEWS_LIMITS.symbolsPerStory} symbols`);
  return ok([...out].sort());
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
