import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Bar } from '../core/market/bar.js';
import { BarStore } from '../core/storage/bar-store.js';
import { openDatabase } from '../core/storage/open-database.js';
import { makeBars } from '../core/storage/testing/bar-fixtures.js';
import { makeTempDir } from '../core/storage/testing/temp-dir.js';
import { fmtRate, median } from './stats.js';

/**
 * BarStore.upsert on a fresh file vs the reference: a bare better-sqlite3 insert of the same rows, in the
 * same batch size, into an unkeyed, unconstrained table with the same pragmas. The storage layer alone;
 * the end-to-end ingest figure lives in the ingest bench.
 */
const SYMBOLS = 20;
const BARS_PER_SYMBOL = 25_000;
const BATCH = 10_000;
const REPEATS = 5;

function batches(rows: readonly Bar[]): Bar[][] {
  const out: Bar[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function bareInsert(file: string, parts: readonly Bar[][]): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE b (symbol TEXT, interval TEXT, time INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL)');
  const insert = db.prepare('INSERT INTO b VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const write = db.transaction((bars: readonly Bar[]) => {
    for (const r of bars) insert.run(r.symbol, r.interval, r.time, r.open, r.high, r.low, r.close, r.volume);
  });
  const ms = timed(() => parts.forEach((part) => write(part)));
  db.close();
  return ms;
}

function storeUpsert(file: string, parts: readonly Bar[][]): { first: number; again: number } {
  const db = openDatabase(file);
  const store = new BarStore(db);
  const first = timed(() => parts.forEach((part) => store.upsert(part)));
  const again = timed(() => parts.forEach((part) => store.upsert(part)));
  db.close();
  return { first, again };
}

export function run(): Promise<void> {
  const rows = Array.from({ length: SYMBOLS }, (_, s) => makeBars(BARS_PER_SYMBOL, `SYM${s}`, '1m', 60_000)).flat();
  const parts = batches(rows);
  const tmp = makeTempDir('desk-bench-');
  const bare: number[] = [];
  const first: number[] = [];
  const again: number[] = [];
  try {
    for (let i = 0; i < REPEATS; i++) {
      bare.push(bareInsert(tmp.file(`bare-${i}.db`), parts));
      const store = storeUpsert(tmp.file(`store-${i}.db`), parts);
      first.push(store.first);
      again.push(store.again);
      // Keeps disk use to one pair of files at a time.
      for (const name of [`bare-${i}.db`, `store-${i}.db`]) removeDb(tmp.file(name));
    }
  } finally {
    tmp.remove();
  }
  const rate = (ms: number): number => rows.length / (ms / 1000);
  const ref = rate(median(bare));
  console.log(`${rows.length} 1m bars, ${BATCH}-row transactions, median of ${REPEATS}`);
  console.log(`reference  bare better-sqlite3 insert   ${fmtRate(ref)}`);
  console.log(`BarStore.upsert, new rows               ${fmtRate(rate(median(first)))}  ratio ${(rate(median(first)) / ref).toFixed(2)}`);
  console.log(`BarStore.upsert, identical re-import    ${fmtRate(rate(median(again)))}  ratio ${(rate(median(again)) / ref).toFixed(2)}`);
  return Promise.resolve();
}
