import type { Migration } from '../migration.js';

/**
 * The order journal: orders, every state change as an event, and fills. An order row is written before
 * anything is sent to a broker, so a crash can lose no order; fills are keyed by the broker's execution
 * id, so a duplicated report is stored once. Positions and cash are derived from fills, never stored.
 */
export const migration0003Orders: Migration = {
  version: 3,
  name: 'orders',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY CHECK (length(client_order_id) > 0),
        broker          TEXT NOT NULL,
        broker_order_id TEXT,
        parent_id       TEXT REFERENCES orders (client_order_id),
        leg             TEXT NOT NULL CHECK (leg IN ('single', 'entry', 'stop_loss', 'take_profit')),
        oco_group       TEXT,
        symbol          TEXT NOT NULL,
        side            TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type            TEXT NOT NULL CHECK (type IN ('market', 'limit', 'stop', 'stop_limit')),
        quantity        REAL NOT NULL CHECK (quantity > 0),
        limit_price     REAL CHECK (limit_price IS NULL OR limit_price > 0),
        stop_price      REAL CHECK (stop_price IS NULL OR stop_price > 0),
        time_in_force   TEXT NOT NULL CHECK (time_in_force IN ('day', 'gtc')),
        reduce_only     INTEGER NOT NULL DEFAULT 0 CHECK (reduce_only IN (0, 1)),
        -- An entry's exits are created only once it fills (maybe after a restart), so their prices live here.
        bracket_stop_loss   REAL CHECK (bracket_stop_loss IS NULL OR bracket_stop_loss > 0),
        bracket_take_profit REAL CHECK (bracket_take_profit IS NULL OR bracket_take_profit > 0),
        status          TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired')),
        filled_quantity REAL NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
        avg_fill_price  REAL,
        origin_kind     TEXT NOT NULL CHECK (origin_kind IN ('proposal', 'manual', 'system')),
        proposal_id     TEXT,
        prediction_id   TEXT,
        model_id        TEXT,
        reason          TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );
      CREATE INDEX orders_open ON orders (status) WHERE status IN ('new', 'accepted', 'partially_filled');
      CREATE INDEX orders_symbol ON orders (symbol, created_at);
      CREATE INDEX orders_parent ON orders (parent_id) WHERE parent_id IS NOT NULL;

      CREATE TABLE order_events (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
        time            INTEGER NOT NULL,
        kind            TEXT NOT NULL,
        status          TEXT NOT NULL,
        detail          TEXT
      );
      CREATE INDEX order_events_order ON order_events (client_order_id, seq);

      CREATE TABLE fills (
        fill_id         TEXT PRIMARY KEY,
        client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
        symbol          TEXT NOT NULL,
        side            TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        quantity        REAL NOT NULL CHECK (quantity > 0),
        price           REAL NOT NULL CHECK (price > 0),
        commission      REAL NOT NULL DEFAULT 0 CHECK (commission >= 0),
        time            INTEGER NOT NULL
      );
      CREATE INDEX fills_time ON fills (time);
      CREATE INDEX fills_symbol ON fills (symbol, time);

      CREATE TABLE cash_movements (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        time   INTEGER NOT NULL,
        amount REAL NOT NULL,
        note   TEXT NOT NULL
      );
    `);
  },
};
