import type { Migration } from '../migration.js';

/**
 * Proposals and the trader's decision on each: what the desk suggested (with the prediction, its reasons
 * and the sizing behind it, as JSON) and what the trader did — confirmed, edited, rejected with a reason,
 * or let expire. The order a confirmation created is linked, closing the audit trail from signal to fill.
 * Rebalancing suggestions travel the same path as `kind = 'rebalance'`: reduce-only, without a bracket.
 */
export const migration0005Proposals: Migration = {
  version: 5,
  name: 'proposals',
  up(db) {
    db.exec(`
      CREATE TABLE proposals (
        proposal_id     TEXT PRIMARY KEY,
        created_at      INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL CHECK (expires_at > created_at),
        kind            TEXT NOT NULL DEFAULT 'signal' CHECK (kind IN ('signal', 'rebalance')),
        symbol          TEXT NOT NULL,
        side            TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        quantity        REAL NOT NULL CHECK (quantity > 0),
        entry_type      TEXT NOT NULL CHECK (entry_type IN ('market', 'limit', 'stop', 'stop_limit')),
        limit_price     REAL,
        stop_price      REAL,
        reduce_only     INTEGER NOT NULL DEFAULT 0 CHECK (reduce_only IN (0, 1)),
        stop_loss       REAL CHECK (stop_loss IS NULL OR stop_loss > 0),
        take_profit     REAL CHECK (take_profit IS NULL OR take_profit > 0),
        signal_id       TEXT NOT NULL,
        model_id        TEXT NOT NULL,
        prediction_id   TEXT,
        prediction      TEXT NOT NULL CHECK (json_valid(prediction)),
        reasons         TEXT NOT NULL CHECK (json_valid(reasons)),
        sizing          TEXT NOT NULL CHECK (json_valid(sizing)),
        status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'expired')),
        decided_at      INTEGER,
        decided_by      TEXT CHECK (decided_by IS NULL OR decided_by IN ('trader', 'automation', 'system')),
        decision_reason TEXT,
        edited          TEXT CHECK (edited IS NULL OR json_valid(edited)),
        client_order_id TEXT REFERENCES orders (client_order_id),
        -- A signal proposal trades with a bracket; a rebalance one only shrinks a position and has none.
        CHECK (kind = 'rebalance' OR (stop_loss IS NOT NULL AND take_profit IS NOT NULL)),
        CHECK (kind = 'signal' OR reduce_only = 1)
      );
      CREATE UNIQUE INDEX proposals_signal ON proposals (signal_id);
      CREATE INDEX proposals_pending ON proposals (expires_at) WHERE status = 'pending';
      CREATE INDEX proposals_created ON proposals (created_at);
    `);
  },
};
