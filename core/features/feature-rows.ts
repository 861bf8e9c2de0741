import type { Interval } from '../market/interval.js';
import type { EpochMs } from '../market/units.js';
import type { BarStore } from '../storage/bar-store.js';
import type { FeatureRow } from '../storage/feature-store.js';
import { FeatureEngine, type SentimentSource } from './feature-engine.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './feature-params.js';
import { buildFeatureSchema, featureSchemaHash } from './feature-schema.js';
import { FEATURE_NAMES } from './feature-vector.js';

export interface FeatureRowsQuery {
  readonly symbol: string;
  readonly interval: Interval;
  /** Inclusive bounds on bar open time of the rows returned. */
  readonly from?: EpochMs;
  readonly to?: EpochMs;
}

/** Warm feature rows of one series and what it took to get them. */
export interface FeatureRowsResult {
  readonly schemaHash: string;
  /** Warm rows with from <= time <= to, oldest first. */
  readonly rows: FeatureRow[];
  readonly barsRead: number;
  /** Bars in the range whose vector was not warm (warm-up, or a zero/flat volume baseline). */
  readonly coldInRange: number;
  /** Bars the engine refused, with the reason of the first one. */
  readonly rejected: number;
  readonly firstRejection?: string;
  /** 'none' when no news reached the engine: the sentiment fields are then 0 for want of news, not neutral news. */
  readonly sentimentSource: SentimentSource;
}

/**
 * Replays the stored bars of a series through a `FeatureEngine` and keeps the warm rows in range. Bars
 * before `from` are read too: the warm-up must come from real history, or a row's value would depend
 * on where the query started.
 */
export function computeFeatureRows(bars: BarStore, q: FeatureRowsQuery, params: FeatureParams = DEFAULT_FEATURE_PARAMS): FeatureRowsResult {
  const schemaHash = featureSchemaHash(buildFeatureSchema(params));
  const history = bars.query(q.to === undefined ? { symbol: q.symbol, interval: q.interval } : { symbol: q.symbol, interval: q.interval, to: q.to });
  const engine = new FeatureEngine({ symbol: q.symbol, interval: q.interval, params });
  const from = q.from ?? Number.NEGATIVE_INFINITY;
  const rows: FeatureRow[] = [];
  let coldInRange = 0;
  let firstRejection: string | undefined;
  for (const bar of history) {
    const r = engine.onBar(bar);
    if (!r.ok) {
      firstRejection ??= r.error;
      continue;
    }
    if (bar.time < from) continue;
    if (engine.warm) rows.push({ symbol: q.symbol, interval: q.interval, time: bar.time, schemaHash, values: engine.values.slice() });
    else coldInRange++;
  }
  const base = { schemaHash, rows, barsRead: history.length, coldInRange, rejected: engine.rejectedBars, sentimentSource: engine.sentimentSource };
  return firstRejection === undefined ? base : { ...base, firstRejection };
}

const iso = (t: number): string => new Date(t).toISOString();

/** CSV with a `time` column (UTC ISO) then the schema's flat names; full float precision. */
export function formatFeatureCsv(rows: readonly FeatureRow[]): string {
  const lines = [['time', ...FEATURE_NAMES].join(',')];
  for (const row of rows) lines.push([iso(row.time), ...Array.from(row.values, String)].join(','));
  return `${lines.join('\n')}\n`;
}

const SHORT_NAMES = FEATURE_NAMES.map((n) => n.slice(n.lastIndexOf('.') + 1).replace('bollingerBands.', ''));

/** An aligned table for reading at a terminal: leaf names as headers, 4 decimals (counts as integers). */
export function formatFeatureTable(rows: readonly FeatureRow[]): string {
  const table = [
    ['time', ...SHORT_NAMES.map((n, i) => (i >= 2 && i <= 4 ? `bb.${n}` : n))],
    ...rows.map((r) => [iso(r.time).slice(0, r.interval === '1d' ? 10 : 16), ...Array.from(r.values, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(4)))]),
  ];
  const widths = (table[0] ?? []).map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  return `${table.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n')}\n`;
}
