import type Database from 'better-sqlite3';
import { epochMs, price, quantity, type EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import type { Fill } from '../order.js';
import type { CashMovement, LedgerSource } from './ledger.js';

interface FillRow {
  readonly seq: number;
  readonly fill_id: string;
  readonly client_order_id: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
  readonly time: number;
}

interface CashRow {
  readonly seq: number;
  readonly time: number;
  readonly amount: number;
  readonly note: string;
}

/**
 * The ledger as the journal stored it (tables `fills` and `cash_movements` of migration 0003), in insert
 * order. Only rows added since the last read are fetched, so a Portfolio over it stays cheap to consult
 * before every order. Fills are written by the order journal only; deposits and withdrawals come here.
 */
export class SqliteLedger implements LedgerSource {
  readonly #fills: Fill[] = [];
  readonly #cash: CashMovement[] = [];
  #fillSeq = 0;
  #cashSeq = 0;
  readonly #newFills: Database.Statement<[number], FillRow>;
  readonly #newCash: Database.Statement<[number], CashRow>;
  readonly #deposit: Database.Statement<[number, number, string]>;

  constructor(db: Db) {
    this.#newFills = db.prepare<[number], FillRow>(
      'SELECT rowid AS seq, fill_id, client_order_id, symbol, side, quantity, price, commission, time FROM fills WHERE rowid > ? ORDER BY rowid',
    );
    this.#newCash = db.prepare<[number], CashRow>('SELECT seq, time, amount, note FROM cash_movements WHERE seq > ? ORDER BY seq');
    this.#deposit = db.prepare<[number, number, string]>('INSERT INTO cash_movements (time, amount, note) VALUES (?, ?, ?)');
  }

  /**
   * Records money paid in (positive) or out (negative); the note says why ("starting cash").
   * @throws RangeError for an amount that is not a finite non-zero number, or an empty note.
   */
  recordCash(time: EpochMs, amount: number, note: string): void {
    if (!(Number.isFinite(amount) && amount !== 0)) throw new RangeError(`a cash movement needs a finite non-zero amount, got ${amount}`);
    if (note.trim() === '') throw new RangeError('a cash movement needs a note saying what it is');
    this.#deposit.run(time, amount, note);
  }

  fills(): readonly Fill[] {
    for (const r of this.#newFills.all(this.#fillSeq)) {
      this.#fills.push({
        id: r.fill_id, clientOrderId: r.client_order_id, symbol: r.symbol, side: r.side, quantity: quantity(r.quantity),
        price: price(r.price), commission: r.commission, time: epochMs(r.time),
      });
      this.#fillSeq = r.seq;
    }
    return this.#fills;
  }

  cashMovements(): readonly CashMovement[] {
    for (const r of this.#newCash.all(this.#cashSeq)) {
      this.#cash.push({ time: epochMs(r.time), amount: r.amount, note: r.note });
      this.#cashSeq = r.seq;
    }
    return this.#cash;
  }
}
