import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { insertRow } from '../testing/insert-row.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

const proposal = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  proposal_id: id, created_at: 1, expires_at: 2, symbol: 'AAA', side: 'sell', quantity: 10, entry_type: 'market',
  stop_loss: 9, take_profit: 12, signal_id: `s-${id}`, model_id: 'baseline:vol-target-atr', prediction: '{}', reasons: '[]',
  sizing: '{}', status: 'pending', ...extra,
});

describe('migration 0009 proposal adjustments', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  const insert = (row: Record<string, unknown>): void => insertRow(db, 'proposals', row);
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.filter((m) => m.version < 9));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('keeps the proposals made before it, field for field, and becomes version 9', () => {
    insert(proposal('p1', { side: 'buy' }));
    insert(proposal('p2', { kind: 'rebalance', reduce_only: 1, stop_loss: null, take_profit: null }));
    const before = db.prepare('SELECT * FROM proposals ORDER BY proposal_id').all();
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 9));
    expect(schemaVersion(db)).toBe(9);
    expect(db.prepare('SELECT * FROM proposals ORDER BY proposal_id').all()).toEqual(before);
  });

  it('accepts a reduce-only adjustment with a bracket and refuses one that adds exposure or has no bracket', () => {
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 9));
    insert(proposal('a1', { kind: 'adjustment', reduce_only: 1 }));
    expect(() => insert(proposal('a2', { kind: 'adjustment', reduce_only: 0 }))).toThrow(/CHECK/);
    expect(() => insert(proposal('a3', { kind: 'adjustment', reduce_only: 1, stop_loss: null }))).toThrow(/CHECK/);
    expect(() => insert(proposal('x', { kind: 'hedge', reduce_only: 1 }))).toThrow(/CHECK/);
  });

  it('keeps one proposal per signal after the rebuild', () => {
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 9));
    insert(proposal('a1', { kind: 'adjustment', reduce_only: 1 }));
    expect(() => insert(proposal('a2', { kind: 'adjustment', reduce_only: 1, signal_id: 's-a1' }))).toThrow(/UNIQUE/);
  });
});
