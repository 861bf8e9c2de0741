import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseBarCsv, type CsvParserChoice } from '../core/ingest/bar-csv.js';
import { ingestFile } from '../core/ingest/ingest-path.js';
import type { Bar } from '../core/market/bar.js';
import { validateBars } from '../core/market/bar-validator.js';
import { BarStore } from '../core/storage/bar-store.js';
import { openDatabase } from '../core/storage/open-database.js';
import { sharedDataDir } from '../test/support/shared-data.js';
import { fmtRate, median } from './stats.js';

/**
 * Ingest throughput, CSV file → parsed → validated → SQLite, against the ceiling: a bare better-sqlite3
 * prepared INSERT of the same (already parsed, valid) rows into the same table in one transaction.
 * Also parse-only rates (to Bar objects) of our own reader (one-pass plain rows, hand-written scanner for
 * the rest) and of csv-parse on the same text.
 * Every repeat writes a fresh database file. Run: `npm run bench -- ingest`.
 */
const REPEATS = 3;
const SYNTHETIC_BARS = 1_000_000;

export async function run(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'desk-ingest-bench-'));
  try {
    const dailyDir = path.join(sharedDataDir(), 'daily');
    const daily = readdirSync(dailyDir)
      .filter((f) => f.endsWith('.csv') && f !== 'INDEX.csv')
      .sort()
      .map((f) => path.join(dailyDir, f));
    report(`real daily (${daily.length} files)`, daily, work);

    const synthetic = path.join(work, 'SYN.csv');
    writeFileSync(synthetic, syntheticCsv(SYNTHETIC_BARS));
    report(`synthetic ${SYNTHETIC_BARS.toLocaleString('en-US')} bars`, [synthetic], work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function report(label: string, files: readonly string[], work: string): void {
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bars = files.flatMap((f, i) => {
    const parsed = parseBarCsv(texts[i] as string, { file: f });
    if (!parsed.ok) throw new Error(`${f}: ${parsed.error.message}`);
    return validateBars(parsed.value.bars, parsed.value.lines).accepted;
  });
  const rows = bars.length;

  const pipelineMs: number[] = [];
  const ceilingMs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    // Alternate the order so neither side always runs on a warmer page cache.
    const first = r % 2 === 0;
    if (first) pipelineMs.push(timePipeline(files, freshDb(work, `p${r}`)));
    ceilingMs.push(timeBareInsert(bars, freshDb(work, `c${r}`)));
    if (!first) pipelineMs.push(timePipeline(files, freshDb(work, `p${r}`)));
  }
  const pipeline = rows / (median(pipelineMs) / 1000);
  const ceiling = rows / (median(ceilingMs) / 1000);
  const fast = rows / (median(parseOnlyMs(files, texts, 'fast')) / 1000);
  const lib = rows / (median(parseOnlyMs(files, texts, 'csv-parse')) / 1000);

  console.log(`${label}: ${rows.toLocaleString('en-US')} stored rows, median of ${REPEATS}`);
  console.log(`  ingest CSV→parse→validate→SQLite  ${fmtRate(pipeline)}`);
  console.log(`  bare prepared INSERT (ceiling)     ${fmtRate(ceiling)}`);
  console.log(`  ratio ingest / ceiling             ${(pipeline / ceiling).toFixed(2)}  (goal ≥ 0.80)`);
  console.log(`  parse only, own reader             ${fmtRate(fast)}`);
  console.log(`  parse only, csv-parse              ${fmtRate(lib)}  (own reader ${(fast / lib).toFixed(1)}x)`);
}

let dbSerial = 0;
function freshDb(work: string, tag: string): string {
  return path.join(work, `bench-${tag}-${dbSerial++}.db`);
}

function timePipeline(files: readonly string[], dbFile: string): number {
  const db = openDatabase(dbFile);
  try {
    const store = new BarStore(db);
    const t0 = performance.now();
    for (const f of files) {
      const result = ingestFile(f, store);
      if (!result.ok) throw new Error(`${f}: ${result.message}`);
    }
    return performance.now() - t0;
  } finally {
    db.close();
  }
}

function timeBareInsert(bars: readonly Bar[], dbFile: string): number {
  const db = openDatabase(dbFile);
  try {
    // Series rows first, outside the timing: the ceiling is the bar inserts themselves.
    const ids = new Map<string, number>();
    const addSeries = db.prepare<[string, string], { id: number }>('INSERT INTO series (symbol, interval) VALUES (?, ?) RETURNING id');
    for (const b of bars) {
      const key = `${b.symbol}\u0000${b.interval}`;
      if (!ids.has(key)) ids.set(key, (addSeries.get(b.symbol, b.interval) as { id: number }).id);
    }
    const insert = db.prepare('INSERT INTO bars (series_id, time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const t0 = performance.now();
    db.transaction(() => {
      for (const b of bars) insert.run(ids.get(`${b.symbol}\u0000${b.interval}`), b.time, b.open, b.high, b.low, b.close, b.volume);
    })();
    return performance.now() - t0;
  } finally {
    db.close();
  }
}

function parseOnlyMs(files: readonly string[], texts: readonly string[], parser: CsvParserChoice): number[] {
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    files.forEach((f, i) => parseBarCsv(texts[i] as string, { file: f, parser }));
    times.push(performance.now() - t0);
  }
  return times;
}

/** A random walk written like the shared daily files: ISO dates, 4-6 decimal prices, integer volume. */
function syntheticCsv(count: number): string {
  let seed = 42;
  const random = (): number => {
    // mulberry32: deterministic, so every run benches the same file.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lines = ['date,open,high,low,close,volume'];
  let close = 50;
  const start = Date.UTC(1900, 0, 1);
  for (let i = 0; i < count; i++) {
    const open = close * (1 + (random() - 0.5) * 0.02);
    close = Math.min(5000, Math.max(1, open * (1 + (random() - 0.5) * 0.04)));
    const high = Math.max(open, close) * (1 + random() * 0.01);
    const low = Math.min(open, close) * (1 - random() * 0.01);
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const volume = Math.floor(random() * 5_000_000);
    lines.push(`${date},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${volume}`);
  }
  return `${lines.join('\n')}\n`;
}
