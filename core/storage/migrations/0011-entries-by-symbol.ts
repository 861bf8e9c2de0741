import type { Migration } from '../migration.js';

/**
 * Indexes bracket entries by symbol: after every reduce-only fill the order path asks for the symbol's entries
 * with open exposure, and through the plain symbol index that read every order ever placed in the symbol (a
 * crossover backtest has only single orders, so all of them were read to find none).
 */
export const migration0011EntriesBySymbol: Migration = {
  version: 11,
  name: 'entries-by-symbol',
  up(db) {
    db.exec("CREATE INDEX orders_entry_symbol ON orders (symbol, created_at) WHERE leg = 'entry'");
  },
};
