import type { Migration } from '../migration.js';

/**
 * Indexes fills by their order: the journal reads an order's fill ids on every execution report (to ignore
 * a duplicated fill), and without this each report scanned the whole fills table — quadratic over a backtest.
 */
export const migration0010FillsByOrder: Migration = {
  version: 10,
  name: 'fills-by-order',
  up(db) {
    db.exec('CREATE INDEX fills_order ON fills (client_order_id)');
  },
};
