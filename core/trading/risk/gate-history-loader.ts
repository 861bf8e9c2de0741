import type { EpochMs, Price, Quantity } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import type { Fill, OrderLeg, OrderRequest, OrderSide, OrderType, TimeInForce } from '../order.js';
import type { GateMemory } from './gate-memory.js';

const FILL_LOOKBACK_MS = 10 * 86_400_000;
const SUBMISSION_LOOKBACK_MS = 3_600_000;

interface OrderRow {
  client_order_id: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: number;
  limit_price: number | null;
  stop_price: number | null;
  time_in_force: TimeInForce;
  reduce_only: number;
  origin_kind: 'proposal' | 'manual' | 'system';
  proposal_id: string | null;
  prediction_id: string | null;
  model_id: string | null;
  created_at: number;
}

interface FillRow {
  fill_id: string;
  client_order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  price: number;
  commission: number;
  time: number;
  leg: OrderLeg;
}

function requestOf(row: OrderRow): OrderRequest {
  return {
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    quantity: row.quantity as Quantity,
    ...(row.limit_price === null ? {} : { limitPrice: row.limit_price as Price }),
    ...(row.stop_price === null ? {} : { stopPrice: row.stop_price as Price }),
    timeInForce: row.time_in_force,
    reduceOnly: row.reduce_only === 1,
    origin: {
      kind: row.origin_kind,
      ...(row.proposal_id === null ? {} : { proposalId: row.proposal_id }),
      ...(row.prediction_id === null ? {} : { predictionId: row.prediction_id }),
      ...(row.model_id === null ? {} : { modelId: row.model_id }),
    },
  };
}

/**
 * Rebuilds the gate's memory from the order journal after a restart: recent orders (rate and double-confirm
 * windows), every proposal/signal that already placed an entry, and the fills of the last ten days with
 * their legs (day trades, stop-out cooldowns). Without this a restart would reopen those windows.
 */
export function loadGateHistory(db: Db, memory: GateMemory, now: EpochMs): void {
  const recent = db.prepare<[number], OrderRow>('SELECT * FROM orders WHERE created_at > ? ORDER BY created_at, rowid').all(now - SUBMISSION_LOOKBACK_MS);
  for (const row of recent) memory.recordSubmission(requestOf(row), row.created_at as EpochMs);
  const entries = db
    .prepare<[], { proposal_id: string | null; prediction_id: string | null }>('SELECT proposal_id, prediction_id FROM orders WHERE reduce_only = 0 AND (proposal_id IS NOT NULL OR prediction_id IS NOT NULL)')
    .all();
  for (const row of entries) {
    memory.rememberEntry({ ...(row.proposal_id === null ? {} : { proposalId: row.proposal_id }), ...(row.prediction_id === null ? {} : { predictionId: row.prediction_id }) });
  }
  const fills = db
    .prepare<[number], FillRow>('SELECT f.*, o.leg FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id WHERE f.time > ? ORDER BY f.time, f.rowid')
    .all(now - FILL_LOOKBACK_MS);
  for (const row of fills) {
    const fill: Fill = {
      id: row.fill_id,
      clientOrderId: row.client_order_id,
      symbol: row.symbol,
      side: row.side,
      quantity: row.quantity as Quantity,
      price: row.price as Price,
      commission: row.commission,
      time: row.time as EpochMs,
    };
    memory.recordFill(fill, row.leg);
  }
}
