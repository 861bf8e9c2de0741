import type { Migration } from '../migration.js';

/**
 * Pre-trade control state: the limit settings in force (JSON per key, every change kept as an event) and
 * the risk event log — refusals with their rule id, kill-switch trips and resets — for the trader's and a
 * compliance officer's review. `actor` says who acted (a trader, 'system' for an automatic trip), since a
 * kill-switch reset with no name on it is worthless to a reviewer.
 */
export const migration0004Risk: Migration = {
  version: 4,
  name: 'risk',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE risk_events (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        time            INTEGER NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('order-denied', 'kill-switch-on', 'kill-switch-off', 'settings-changed')),
        rule_id         TEXT,
        scope           TEXT NOT NULL DEFAULT 'global',
        actor           TEXT,
        reason          TEXT NOT NULL CHECK (length(reason) > 0),
        client_order_id TEXT,
        detail          TEXT CHECK (detail IS NULL OR json_valid(detail))
      );
      CREATE INDEX risk_events_time ON risk_events (time);
      CREATE INDEX risk_events_kind ON risk_events (kind, time);
    `);
  },
};
