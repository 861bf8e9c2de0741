import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { exportToJson, readComplianceExport } from './compliance-export.js';

const insert = (db: Db, table: string, row: Record<string, unknown>): void => {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`).run(row);
};
const order = (id: string, at: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  client_order_id: id, broker: 'paper', leg: 'entry', symbol: 'AAA', side: 'buy', type: 'market', quantity: 10,
  time_in_force: 'gtc', status: 'filled', filled_quantity: 10, avg_fill_price: 100.05, origin_kind: 'proposal',
  created_at: at, updated_at: at, ...extra,
});
const proposal = (id: string, at: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  proposal_id: id, created_at: at, expires_at: at + 1000, symbol: 'AAA', side: 'buy', quantity: 10, entry_type: 'market',
  stop_loss: 97, take_profit: 106, signal_id: `sig-${id}`, model_id: 'baseline-breakout-v1',
  prediction: '{"confidence":0.35,"direction":"up"}', reasons: '["close above resistance"]', sizing: '{"quantity":10}', status: 'pending', ...extra,
});

describe('readComplianceExport', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-export-');
    db = openDatabase(tmp.file('desk.db'));
    // In range [1000, 5000]: p1 confirmed → o1 (filled) with its stop and target legs; p2 rejected; a manual order m1.
    insert(db, 'orders', order('o1', 1100, { proposal_id: 'p1', model_id: 'baseline-breakout-v1' }));
    insert(db, 'orders', order('o1-sl', 1200, { parent_id: 'o1', leg: 'stop_loss', side: 'sell', type: 'stop', stop_price: 97, status: 'cancelled', filled_quantity: 0, avg_fill_price: null, reduce_only: 1, oco_group: 'g1' }));
    insert(db, 'orders', order('o1-tp', 1200, { parent_id: 'o1', leg: 'take_profit', side: 'sell', type: 'limit', limit_price: 106, reduce_only: 1, oco_group: 'g1', avg_fill_price: 106 }));
    insert(db, 'orders', order('m1', 2000, { origin_kind: 'manual', leg: 'single' }));
    insert(db, 'orders', order('old', 10, { origin_kind: 'manual', leg: 'single' }));
    insert(db, 'proposals', proposal('p1', 1000, { status: 'confirmed', decided_at: 1050, decided_by: 'trader', decision_reason: 'confirmed by the trader', client_order_id: 'o1' }));
    insert(db, 'proposals', proposal('p2', 3000, { status: 'rejected', decided_at: 3100, decided_by: 'trader', decision_reason: 'earnings, tomorrow' }));
    insert(db, 'proposals', proposal('p0', 5, { expires_at: 9 }));
    insert(db, 'fills', { fill_id: 'f1', client_order_id: 'o1', symbol: 'AAA', side: 'buy', quantity: 10, price: 100.05, commission: 1, time: 1150 });
    insert(db, 'fills', { fill_id: 'f2', client_order_id: 'o1-tp', symbol: 'AAA', side: 'sell', quantity: 10, price: 106, commission: 1, time: 4000 });
    insert(db, 'fills', { fill_id: 'f3', client_order_id: 'm1', symbol: 'AAA', side: 'buy', quantity: 10, price: 101, commission: 1, time: 2100 });
    insert(db, 'order_events', { client_order_id: 'o1', time: 1100, kind: 'submitted', status: 'new' });
    insert(db, 'order_events', { client_order_id: 'old', time: 10, kind: 'submitted', status: 'new' });
    insert(db, 'risk_events', { time: 2500, kind: 'order-denied', rule_id: 'max-position', reason: 'position would be 30% of equity', client_order_id: 'x' });
    insert(db, 'risk_events', { time: 2600, kind: 'kill-switch-on', scope: 'global', reason: 'daily loss limit hit' });
    insert(db, 'risk_events', { time: 9000, kind: 'kill-switch-off', scope: 'global', reason: 'reset by trader' });
    insert(db, 'settings', { key: 'limits', value: '{"maxPositionWeight":0.2}', updated_at: 1 });
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('links proposal → decision → order → fills in one trail, with bracket legs and manual orders, for the range only', () => {
    const e = readComplianceExport(db, epochMs(1000), epochMs(5000));
    const col = (name: string): number => e.audit.columns.indexOf(name);
    const trail = e.audit.rows.map((r) => [r[col('proposal_id')], r[col('decision')], r[col('client_order_id')], r[col('fill_id')]]);
    expect(trail).toEqual([
      ['p1', 'confirmed', 'o1', 'f1'],
      ['p1', 'confirmed', 'o1-sl', null],
      ['p1', 'confirmed', 'o1-tp', 'f2'],
      [null, null, 'm1', 'f3'],
      ['p2', 'rejected', null, null],
    ]);
    expect(e.audit.rows[0]?.[col('confidence')]).toBe(0.35);
    expect(e.audit.rows[0]?.[col('decided_by')]).toBe('trader');
    expect(e.proposals.rows).toHaveLength(2);
    expect(e.orders.rows.map((r) => r[0])).toEqual(['o1', 'o1-sl', 'o1-tp', 'm1']);
    expect(e.fills.rows).toHaveLength(3);
    expect(e.orderEvents.rows).toHaveLength(1);
    expect(e.riskEvents.rows.map((r) => r[e.riskEvents.columns.indexOf('kind')])).toEqual(['order-denied', 'kill-switch-on']);
    expect(e.settings.rows).toEqual([['limits', '{"maxPositionWeight":0.2}', 1]]);
  });

  it('writes JSON objects keyed by column, with the range as ISO times', () => {
    const json = JSON.parse(exportToJson(readComplianceExport(db, epochMs(1000), epochMs(5000)))) as Record<string, unknown[]>;
    expect(json['from']).toBe('1970-01-01T00:00:01.000Z');
    expect(json['riskEvents']?.[0]).toMatchObject({ kind: 'order-denied', rule_id: 'max-position' });
    expect(json['audit']).toHaveLength(5);
    expect(json['audit']?.[0]).toMatchObject({ reasons: ['close above resistance'], prediction: { confidence: 0.35 } });
    expect(json['settings']?.[0]).toMatchObject({ value: { maxPositionWeight: 0.2 } });
  });

  it('exports empty sections (with their columns) for a range with nothing in it', () => {
    const e = readComplianceExport(db, epochMs(6000), epochMs(8000));
    expect(e.audit.rows).toEqual([]);
    expect(e.fills.columns).toContain('fill_id');
  });
});
