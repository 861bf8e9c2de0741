import type { Migration } from '../migration.js';

/**
 * Lets a proposal be the risk model's adjustment of an open position (`kind = 'adjustment'`): reduce-only,
 * with the stop and target it moves the working bracket to. SQLite cannot alter a CHECK constraint, so the
 * table is rebuilt with the same columns and rows; nothing references proposals, so the swap is safe with
 * foreign keys on.
 */
export const migration0009ProposalAdjustments: Migration = {
  version: 9,
  name: 'proposal-adjustments',
  up(db) {
    db.exec(`
      CREATE TABLE proposals_v9 (
        proposal_id     TEXT PRIMARY KEY,
        created_at      INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL CHECK (expires_at > created_at),
        kind            TEXT NOT NULL DEFAULT 'signal' CHECK (kind IN ('signal', 'rebalance', 'adjustment')),
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
        -- Signals and adjustments carry a bracket (the adjustment's is where it moves the working one).
        CHECK (kind = 'rebalance' OR (stop_loss IS NOT NULL AND take_profit IS NOT NULL)),
        -- Only a signal opens exposure: a rebalance or an adjustment only shrinks or protects a position.
        CHECK (kind = 'signal' OR reduce_only = 1)
      );
      INSERT INTO proposals_v9 SELECT proposal_id, created_at, expires_at, kind, symbol, side, quantity, entry_type, limit_price,
        stop_price, reduce_only, stop_loss, take_profit, signal_id, model_id, prediction_id, prediction, reasons, sizing, status,
        decided_at, decided_by, decision_reason, edited, client_order_id FROM proposals;
      DROP TABLE proposals;
      ALTER TABLE proposals_v9 RENAME TO proposals;
      CREATE UNIQUE INDEX proposals_signal ON proposals (signal_id);
      CREATE INDEX proposals_pending ON proposals (expires_at) WHERE status = 'pending';
      CREATE INDEX proposals_created ON proposals (created_at);
    `);
  },
};
