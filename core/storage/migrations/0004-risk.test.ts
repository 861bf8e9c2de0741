import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

describe('migration 0004 risk', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 4));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies after 0003 as version 4', () => {
    expect(schemaVersion(db)).toBe(4);
  });

  it('stores settings as valid JSON only', () => {
    const put = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    put.run('limits', '{"maxOrderQuantity":1000}', 1);
    expect(() => put.run('broken', '{not json', 1)).toThrow(/CHECK/);
  });

  it('logs refusals with their rule and refuses an unknown event kind', () => {
    const log = db.prepare('INSERT INTO risk_events (time, kind, rule_id, reason) VALUES (?, ?, ?, ?)');
    log.run(1, 'order-denied', 'max-order-notional', 'notional 60,000 above the 50,000 limit');
    expect(() => log.run(1, 'something-else', null, 'x')).toThrow(/CHECK/);
    expect(db.prepare('SELECT rule_id FROM risk_events').pluck().all()).toEqual(['max-order-notional']);
  });

  it('records who switched a kill switch and refuses an event without a reason', () => {
    const log = db.prepare('INSERT INTO risk_events (time, kind, scope, actor, reason) VALUES (?, ?, ?, ?, ?)');
    log.run(2, 'kill-switch-on', 'model:nn-1', 'trader:ana', 'model misbehaving');
    expect(() => log.run(3, 'kill-switch-off', 'global', 'trader:ana', '')).toThrow(/CHECK/);
    expect(db.prepare('SELECT scope, actor FROM risk_events').all()).toEqual([{ scope: 'model:nn-1', actor: 'trader:ana' }]);
  });
});
