import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTempRoot } from '../core/backtest/run-database.js';
import { epochMs, price, quantity } from '../core/market/units.js';
import { openDatabase, type Db } from '../core/storage/open-database.js';
import type { Order } from '../core/trading/order.js';
import { MemoryOrderJournal } from '../core/trading/orders/memory-order-journal.js';
import { OrderJournal } from '../core/trading/orders/order-journal.js';
import type { OrderStore } from '../core/trading/orders/order-store.js';
import { median } from './stats.js';

/**
 * What journalling one order costs the order path, per store: the order inserted, the broker's acceptance and its
 * fill applied, with the reads the order manager makes around them (is the id used, the open orders for the
 * gate, the order after the send). 10,000 market orders over 34 symbols, as a crossover backtest places them.
 * - SQLite journal, each write committed with synchronous=FULL: the desk (paper and live);
 * - SQLite journal inside one open transaction: each write a savepoint, what the statements alone cost;
 * - the in-memory journal: a backtest, then `persistTo` writing the whole trail into a run file once.
 * The run files live where a backtest's temp file goes (RAM-backed /dev/shm when present). Medians of 3.
 */
const ORDERS = 10_000;
const REPEATS = 3;

function drive(store: OrderStore, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `o${i}`;
    const symbol = `S${i % 34}`;
    const order: Order = {
      clientOrderId: id, symbol, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: quantity(10), timeInForce: 'gtc',
      origin: { kind: 'system' }, status: 'new', leg: 'single', filledQuantity: quantity(0), createdAt: epochMs(i), updatedAt: epochMs(i),
    };
    store.has(id);
    store.openOrders();
    if (!store.insert([order]).ok) throw new Error(`order ${id} not journalled`);
    store.get(id);
    store.apply({ kind: 'accepted', clientOrderId: id, time: epochMs(i), brokerOrderId: `b${i}` });
    const fill = { id: `f${i}`, clientOrderId: id, symbol, side: order.side, quantity: quantity(10), price: price(100), commission: 1, time: epochMs(i + 1) };
    if (store.apply({ kind: 'fill', clientOrderId: id, time: epochMs(i + 1), fill }).kind !== 'applied') throw new Error(`fill of ${id} not applied`);
  }
}

function timed(dir: string, n: number, run: (db: Db) => void): number {
  const file = join(dir, `j-${Math.random().toString(36).slice(2)}.db`);
  const db = openDatabase(file);
  try {
    const t0 = performance.now();
    run(db);
    return performance.now() - t0;
  } finally {
    db.close();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(runTempRoot(), 'desk-bench-journal-'));
  const durable: number[] = [];
  const savepoints: number[] = [];
  const memory: number[] = [];
  const persist: number[] = [];
  try {
    // Interleaved, so a burst of load on the shared machine hits every store alike.
    for (let r = 0; r < REPEATS; r++) {
      durable.push(timed(dir, ORDERS, (db) => drive(new OrderJournal(db, 'paper'), ORDERS)));
      savepoints.push(timed(dir, ORDERS, (db) => {
        db.exec('BEGIN');
        drive(new OrderJournal(db, 'paper'), ORDERS);
        db.exec('COMMIT');
      }));
      let journal = new MemoryOrderJournal();
      memory.push(timed(dir, ORDERS, () => {
        journal = new MemoryOrderJournal();
        drive(journal, ORDERS);
      }));
      persist.push(timed(dir, ORDERS, (db) => {
        const written = journal.persistTo(db, 'paper');
        if (!written.ok) throw new Error(written.error);
      }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const per = (ms: number): string => `${((ms * 1000) / ORDERS).toFixed(1)} µs/order`;
  const m = median(memory);
  console.log(`order journal, ${ORDERS.toLocaleString('en-US')} market orders (insert, acceptance, fill, and the order path's reads), ${runTempRoot()}, medians of ${REPEATS}:`);
  console.log(`  SQLite, every write durable (the desk):         ${per(median(durable))}  (${(median(durable) / m).toFixed(0)}x the in-memory journal)`);
  console.log(`  SQLite, writes as savepoints of one transaction: ${per(median(savepoints))}  (${(median(savepoints) / m).toFixed(0)}x)`);
  console.log(`  in memory (a backtest):                         ${per(m)}  (1x)`);
  console.log(`  in memory, then the whole trail written to the run file once: + ${per(median(persist))}`);
}
