import type { Migration } from '../migration.js';

/**
 * Feature vectors for training-data collection, keyed by (series, schema hash, time): the schema hash
 * sits before time in the key so "one symbol's vectors under one schema, in a time range" is a single
 * range walk of the key. The vector is little-endian float64s in a BLOB with its length stored beside it,
 * so a truncated or corrupt blob is caught on read instead of decoding into a shorter, wrong vector.
 */
export const migration0002Features: Migration = {
  version: 2,
  name: 'features',
  up(db) {
    db.exec(`
      CREATE TABLE features (
        series_id   INTEGER NOT NULL REFERENCES series (id),
        schema_hash TEXT NOT NULL CHECK (length(schema_hash) > 0),
        time        INTEGER NOT NULL CHECK (typeof(time) = 'integer'),
        dims        INTEGER NOT NULL CHECK (dims >= 0),
        vector      BLOB NOT NULL CHECK (length(vector) = dims * 8),
        PRIMARY KEY (series_id, schema_hash, time)
      ) WITHOUT ROWID;
    `);
  },
};
