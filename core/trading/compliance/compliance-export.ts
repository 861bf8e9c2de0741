import type { EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import type { Table } from './csv-text.js';

/** The sections of a compliance export, each a flat table. */
export interface ComplianceExport {
  readonly from: EpochMs;
  readonly to: EpochMs;
  /**
   * One row per step of the trail: proposal (with its prediction and reasons) → decision → order (entries
   * and their bracket legs) → fill. Orders not born of a proposal (manual, system) appear with empty
   * proposal columns, and proposals never confirmed with empty order columns.
   */
  readonly audit: Table;
  readonly proposals: Table;
  readonly orders: Table;
  readonly orderEvents: Table;
  readonly fills: Table;
  /** Refusals (with their rule), kill-switch trips and resets, settings changes. */
  readonly riskEvents: Table;
  /** The settings in force when the export was made — limits, automation, kill switches (their changes are in riskEvents). */
  readonly settings: Table;
}

/** Section names, also the file names (`<name>.csv`). */
export const EXPORT_SECTIONS = ['audit', 'proposals', 'orders', 'orderEvents', 'fills', 'riskEvents', 'settings'] as const;

// An order belongs to the range by its creation time; legs follow their entry so a trail is never cut in two.
const ORDERS_IN_RANGE = `
  SELECT o.* FROM orders o
  WHERE o.created_at BETWEEN @from AND @to
     OR o.parent_id IN (SELECT client_order_id FROM orders WHERE created_at BETWEEN @from AND @to)`;

const AUDIT = `
  WITH p AS (SELECT * FROM proposals WHERE created_at BETWEEN @from AND @to),
       o AS (${ORDERS_IN_RANGE})
  SELECT * FROM (
  SELECT p.proposal_id, p.created_at AS proposal_time, p.kind AS proposal_kind, coalesce(p.symbol, o.symbol) AS symbol,
         p.model_id, p.signal_id, p.prediction_id, json_extract(p.prediction, '$.confidence') AS confidence,
         p.prediction, p.reasons, p.sizing, p.side AS proposal_side, p.quantity AS proposal_quantity,
         p.stop_loss, p.take_profit, p.edited, p.status AS decision, p.decided_at, p.decided_by, p.decision_reason,
         o.client_order_id, o.parent_id, o.leg, o.origin_kind, o.side AS order_side, o.type AS order_type,
         o.quantity AS order_quantity, o.status AS order_status, o.filled_quantity, o.avg_fill_price,
         o.reason AS order_reason, o.created_at AS order_time,
         f.fill_id, f.time AS fill_time, f.quantity AS fill_quantity, f.price AS fill_price, f.commission
  FROM p
  LEFT JOIN o ON o.client_order_id = p.client_order_id OR o.parent_id = p.client_order_id
  LEFT JOIN fills f ON f.client_order_id = o.client_order_id
  UNION ALL
  SELECT NULL, NULL, NULL, o.symbol, o.model_id, NULL, o.prediction_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL,
         o.client_order_id, o.parent_id, o.leg, o.origin_kind, o.side, o.type, o.quantity, o.status, o.filled_quantity,
         o.avg_fill_price, o.reason, o.created_at, f.fill_id, f.time, f.quantity, f.price, f.commission
  FROM o LEFT JOIN fills f ON f.client_order_id = o.client_order_id
  WHERE NOT EXISTS (SELECT 1 FROM p WHERE p.client_order_id IN (o.client_order_id, o.parent_id))
  ) ORDER BY coalesce(proposal_time, order_time), coalesce(proposal_id, client_order_id), order_time, client_order_id, fill_time`;

const QUERIES: Readonly<Record<Exclude<(typeof EXPORT_SECTIONS)[number], 'audit'>, string>> = {
  proposals: 'SELECT * FROM proposals WHERE created_at BETWEEN @from AND @to ORDER BY created_at, proposal_id',
  orders: `${ORDERS_IN_RANGE} ORDER BY o.created_at, o.client_order_id`,
  orderEvents: 'SELECT * FROM order_events WHERE time BETWEEN @from AND @to ORDER BY seq',
  fills: 'SELECT * FROM fills WHERE time BETWEEN @from AND @to ORDER BY time, fill_id',
  riskEvents: 'SELECT * FROM risk_events WHERE time BETWEEN @from AND @to ORDER BY seq',
  settings: 'SELECT key, value, updated_at FROM settings ORDER BY key',
};

/**
 * Reads the compliance export for [from, to] (inclusive, epoch ms) in one read transaction, so the
 * sections agree with each other even while the engine keeps writing.
 */
export function readComplianceExport(db: Db, from: EpochMs, to: EpochMs): ComplianceExport {
  const table = (sql: string): Table => {
    const stmt = db.prepare(sql).raw(true);
    const columns = stmt.columns().map((c) => c.name);
    return { columns, rows: stmt.all({ from, to }) as Table['rows'] };
  };
  return db.transaction(() => ({
    from,
    to,
    audit: table(AUDIT),
    proposals: table(QUERIES.proposals),
    orders: table(QUERIES.orders),
    orderEvents: table(QUERIES.orderEvents),
    fills: table(QUERIES.fills),
    riskEvents: table(QUERIES.riskEvents),
    settings: tableWithoutParams(db, QUERIES.settings),
  }))();
}

function tableWithoutParams(db: Db, sql: string): Table {
  const stmt = db.prepare(sql).raw(true);
  return { columns: stmt.columns().map((c) => c.name), rows: stmt.all() as Table['rows'] };
}

/** The export as JSON: each section an array of objects keyed by column name. */
export function exportToJson(e: ComplianceExport): string {
  const objects = (t: Table): Record<string, unknown>[] =>
    t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, jsonCell(c, row[i] ?? null)])));
  const body: Record<string, unknown> = { from: new Date(e.from).toISOString(), to: new Date(e.to).toISOString() };
  for (const s of EXPORT_SECTIONS) body[s] = objects(e[s]);
  return `${JSON.stringify(body, null, 2)}\n`;
}

// Columns the schema stores as JSON text: nested in the JSON export instead of escaped strings.
const JSON_COLUMNS = new Set(['prediction', 'reasons', 'sizing', 'edited', 'detail', 'value']);

function jsonCell(column: string, value: unknown): unknown {
  if (!JSON_COLUMNS.has(column) || typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
