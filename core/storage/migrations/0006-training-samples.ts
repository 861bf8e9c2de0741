import type { Migration } from '../migration.js';

/**
 * Labelled breakout samples for training: the feature vector at the event bar (under its feature schema
 * hash) and the triple-barrier outcome, keyed by (series, label spec hash, time) so rebuilding a data set is
 * an idempotent upsert and data sets of different specs live side by side. `label_specs` keeps each spec's
 * JSON by hash, so a trainer can read what a label means without the code that made it. The CHECKs hold the
 * outcome's own invariants (label 1 iff the target was hit, exit after the event) so a half-formed row is
 * refused rather than trained on.
 */
export const migration0006TrainingSamples: Migration = {
  version: 6,
  name: 'training-samples',
  up(db) {
    db.exec(`
      CREATE TABLE label_specs (
        hash TEXT PRIMARY KEY CHECK (length(hash) > 0),
        spec TEXT NOT NULL CHECK (json_valid(spec))
      );
      CREATE TABLE training_samples (
        series_id       INTEGER NOT NULL REFERENCES series (id),
        label_spec_hash TEXT NOT NULL REFERENCES label_specs (hash),
        time            INTEGER NOT NULL CHECK (typeof(time) = 'integer'),
        schema_hash     TEXT NOT NULL CHECK (length(schema_hash) > 0),
        dims            INTEGER NOT NULL CHECK (dims >= 0),
        vector          BLOB NOT NULL CHECK (length(vector) = dims * 8),
        direction       TEXT NOT NULL CHECK (direction IN ('up', 'down')),
        label           INTEGER NOT NULL CHECK (label = (exit_reason = 'target')),
        exit_reason     TEXT NOT NULL CHECK (exit_reason IN ('target', 'stop', 'timeout')),
        entry_price     REAL NOT NULL CHECK (entry_price > 0),
        atr             REAL NOT NULL CHECK (atr > 0),
        level           REAL NOT NULL,
        beyond_atr      REAL NOT NULL CHECK (beyond_atr >= 0),
        target_price    REAL NOT NULL,
        stop_price      REAL NOT NULL,
        exit_price      REAL NOT NULL,
        exit_time       INTEGER NOT NULL CHECK (exit_time > time),
        bars_to_exit    INTEGER NOT NULL CHECK (bars_to_exit >= 1),
        move_atr        REAL NOT NULL,
        move_pct        REAL NOT NULL,
        mfe_atr         REAL NOT NULL CHECK (mfe_atr >= 0),
        mae_atr         REAL NOT NULL CHECK (mae_atr >= 0),
        PRIMARY KEY (series_id, label_spec_hash, time)
      ) WITHOUT ROWID;
    `);
  },
};
