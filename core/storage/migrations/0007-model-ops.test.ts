import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { insertRow } from '../testing/insert-row.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

const version = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'breakout', version: 'v1', dir: '/m/v1', manifest: '{}', status: 'registered', registered_at: 1, ...extra,
});
const prediction = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  prediction_key: 'prediction:breakout:v1:AAA:1d:10', at: 11, model: 'breakout', version: 'v1', role: 'champion', acted: 1,
  symbol: 'AAA', interval: '1d', bar_time: 10, direction: 'up', close: 10, atr: 1, feature_digest: 'd', inputs: '[1]',
  probability: 0.4, output: '{}', latency_ms: 0.2, breaker_state: 'closed', ...extra,
});

describe('migration 0007 model ops', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  const insert = (table: string, row: Record<string, unknown>): void => insertRow(db, table, row);
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 7));
    insert('models', { model: 'breakout', created_at: 1 });
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies after 0006 as version 7', () => {
    expect(schemaVersion(db)).toBe(7);
  });

  it('keeps one champion per model, and a refused version must say why', () => {
    insert('model_versions', version({ status: 'champion' }));
    expect(() => insert('model_versions', version({ version: 'v2', status: 'champion' }))).toThrow(/UNIQUE/);
    expect(() => insert('model_versions', version({ version: 'v3', status: 'refused', manifest: null }))).toThrow(/CHECK/);
    insert('model_versions', version({ version: 'v3', status: 'refused', manifest: null, refused_reason: 'tampered' }));
  });

  it('refuses an open breaker without its trip and reason, and a disabled model without a reason', () => {
    expect(() => insert('model_versions', version({ breaker_state: 'open' }))).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE models SET disabled = 1 WHERE model = 'breakout'").run()).toThrow(/CHECK/);
  });

  it('logs predictions of registered versions only; a shadow never acts; the fallback needs no version', () => {
    insert('model_versions', version());
    insert('predictions', prediction());
    expect(() => insert('predictions', prediction({ prediction_key: 'x', version: 'v9' }))).toThrow(/FOREIGN KEY/);
    expect(() => insert('predictions', prediction({ prediction_key: 'y', role: 'shadow', acted: 1 }))).toThrow(/CHECK/);
    expect(() => insert('predictions', prediction({ prediction_key: 'prediction:breakout:v1:AAA:1d:10' }))).toThrow(/UNIQUE/);
    insert('predictions', prediction({ prediction_key: 'prediction:baseline:AAA:1d:10', version: null, role: 'fallback', breaker_state: 'none' }));
  });

  it('stores one outcome per event and spec whose label agrees with its exit', () => {
    const o = { symbol: 'AAA', interval: '1d', bar_time: 10, label_spec_hash: 's', direction: 'up', label: 1, exit_reason: 'target', exit_price: 12, exit_time: 20, bars_to_exit: 1, move_atr: 2, resolved_at: 30 };
    insert('outcomes', o);
    expect(() => insert('outcomes', o)).toThrow(/PRIMARY KEY|UNIQUE/);
    expect(() => insert('outcomes', { ...o, bar_time: 11, label: 1, exit_reason: 'stop' })).toThrow(/CHECK/);
  });

  it('runs one A/B test per model at a time, ended ones carry their end', () => {
    const ab = { model: 'breakout', champion: 'v1', challenger: 'v2', share: 0.1, started_at: 1, status: 'running' };
    insert('ab_tests', ab);
    expect(() => insert('ab_tests', ab)).toThrow(/UNIQUE/);
    expect(() => insert('ab_tests', { ...ab, status: 'ended' })).toThrow(/CHECK/);
    insert('ab_tests', { ...ab, status: 'ended', ended_at: 2 });
  });
});
