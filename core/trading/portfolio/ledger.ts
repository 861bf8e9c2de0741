import type { EpochMs } from '../../market/units.js';
import type { Fill } from '../order.js';

/** Money paid into (positive) or taken out of (negative) the account: the starting cash is the first one. */
export interface CashMovement {
  readonly time: EpochMs;
  readonly amount: number;
  readonly note: string;
}

/**
 * Where the portfolio reads its facts from: the order journal's fills and cash movements, in the order
 * they were recorded. Both lists are append-only, so a longer list means new facts and a portfolio can
 * re-fold only when a length changes.
 */
export interface LedgerSource {
  fills(): readonly Fill[];
  cashMovements(): readonly CashMovement[];
}

/** A ledger held in memory: for tests, backtests and callers that already have the lists. */
export class InMemoryLedger implements LedgerSource {
  readonly #fills: Fill[] = [];
  readonly #cash: CashMovement[] = [];

  constructor(fills: readonly Fill[] = [], cash: readonly CashMovement[] = []) {
    this.#fills.push(...fills);
    this.#cash.push(...cash);
  }

  addFill(fill: Fill): void {
    this.#fills.push(fill);
  }

  addCash(movement: CashMovement): void {
    this.#cash.push(movement);
  }

  fills(): readonly Fill[] {
    return this.#fills;
  }

  cashMovements(): readonly CashMovement[] {
    return this.#cash;
  }
}
