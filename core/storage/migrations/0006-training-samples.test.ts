import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { insertRow } from '../testing/insert-row.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

const sample = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  series_id: 1, label_spec_hash: 'spec', time: 10, schema_hash: 'schema', dims: 1, vector: Buffer.alloc(8), direction: 'up',
  label: 1, exit_reason: 'target', entry_price: 100, atr: 2, level: 99, beyond_atr: 0.5, target_price: 104, stop_price: 98,
  exit_price: 104, exit_time: 20, bars_to_exit: 1, move_atr: 2, move_pct: 4, mfe_atr: 2, mae_atr: 0, ...extra,
});

describe('migration 0006 training samples', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  const insert = (row: Record<string, unknown>): void => insertRow(db, 'training_samples', row);
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 6));
    db.prepare("INSERT INTO series (symbol, interval) VALUES ('AAA', '1d')").run();
    db.prepare(`INSERT INTO label_specs (hash, spec) VALUES ('spec', '{}')`).run();
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies after 0005 as version 6', () => {
    expect(schemaVersion(db)).toBe(6);
  });

  it('keeps one sample per (series, label spec, time)', () => {
    insert(sample());
    expect(() => insert(sample({ label: 0, exit_reason: 'stop' }))).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('refuses a label that disagrees with the exit, an exit not after the event, or a truncated vector', () => {
    expect(() => insert(sample({ label: 1, exit_reason: 'timeout' }))).toThrow(/CHECK/);
    expect(() => insert(sample({ exit_time: 10 }))).toThrow(/CHECK/);
    expect(() => insert(sample({ vector: Buffer.alloc(4) }))).toThrow(/CHECK/);
  });

  it('refuses a sample under an unknown label spec or series', () => {
    expect(() => insert(sample({ label_spec_hash: 'nope' }))).toThrow(/FOREIGN KEY/);
    expect(() => insert(sample({ series_id: 99 }))).toThrow(/FOREIGN KEY/);
  });
});
