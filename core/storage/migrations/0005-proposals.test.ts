import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { insertRow } from '../testing/insert-row.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

const proposal = (id: string, signal: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  proposal_id: id, created_at: 1, expires_at: 2, symbol: 'AAA', side: 'buy', quantity: 10, entry_type: 'market',
  stop_loss: 9, take_profit: 12, signal_id: signal, model_id: 'rule-based', prediction: '{}', reasons: '[]', sizing: '{}',
  status: 'pending', ...extra,
});

describe('migration 0005 proposals', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  const insert = (row: Record<string, unknown>): void => insertRow(db, 'proposals', row);
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 5));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies after 0004 as version 5', () => {
    expect(schemaVersion(db)).toBe(5);
  });

  it('allows one proposal per signal, so a signal cannot be proposed (and confirmed) twice', () => {
    insert(proposal('p1', 's1'));
    expect(() => insert(proposal('p2', 's1'))).toThrow(/UNIQUE/);
  });

  it('refuses a proposal that expires before it is made, or links to an unknown order', () => {
    expect(() => insert(proposal('p3', 's3', { expires_at: 1 }))).toThrow(/CHECK/);
    expect(() => insert(proposal('p4', 's4', { client_order_id: 'nope' }))).toThrow(/FOREIGN KEY/);
  });

  it('requires a bracket on signal proposals and reduce-only on rebalance ones', () => {
    expect(() => insert(proposal('p5', 's5', { stop_loss: null }))).toThrow(/CHECK/);
    expect(() => insert(proposal('p6', 's6', { kind: 'rebalance', stop_loss: null, take_profit: null }))).toThrow(/CHECK/);
    insert(proposal('p7', 's7', { kind: 'rebalance', stop_loss: null, take_profit: null, reduce_only: 1 }));
    expect(db.prepare('SELECT count(*) FROM proposals').pluck().get()).toBe(1);
  });
});
