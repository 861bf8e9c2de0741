import { z } from 'zod';

/** A decimal the API sends as a string ("10", "105.8988475"); some fields come as numbers in older payloads. */
const decimal = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a decimal: ${String(v)}` });
    return z.NEVER;
  }
  return n;
});

/** The fields of Alpaca's Order object (protocol note C.1) the adapter reads; unknown keys are ignored. */
export const alpacaOrderSchema = z.object({
  id: z.string().min(1),
  client_order_id: z.string().min(1),
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  status: z.string().min(1),
  qty: decimal.nullish(),
  filled_qty: decimal.nullish(),
  filled_avg_price: decimal.nullish(),
  submitted_at: z.string().nullish(),
  legs: z.array(z.unknown()).nullish(),
});
export type AlpacaOrder = z.infer<typeof alpacaOrderSchema>;

/** `GET /v2/positions` element. `qty` is signed in practice; `side` settles it when it is not. */
export const alpacaPositionSchema = z.object({
  symbol: z.string().min(1),
  qty: decimal,
  avg_entry_price: decimal,
  side: z.enum(['long', 'short']).optional(),
});
export type AlpacaPosition = z.infer<typeof alpacaPositionSchema>;

/** A fill activity from `GET /v2/account/activities/FILL` (protocol note C.3). */
export const fillActivitySchema = z.object({
  id: z.string().min(1),
  order_id: z.string().min(1),
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  qty: decimal,
  cum_qty: decimal,
  price: decimal,
  transaction_time: z.string(),
});
export type FillActivity = z.infer<typeof fillActivitySchema>;

/** One `trade_updates` event (protocol note D). `price`/`qty` are this fill's, not the order's average. */
export const tradeUpdateSchema = z.object({
  event: z.string().min(1),
  order: alpacaOrderSchema,
  execution_id: z.string().optional(),
  timestamp: z.string().optional(),
  price: decimal.optional(),
  qty: decimal.optional(),
  position_qty: decimal.optional(),
});
export type TradeUpdate = z.infer<typeof tradeUpdateSchema>;

/** Any message of the trading stream: `{ stream, data }`, or the in-stream error `{ action: 'error', data }`. */
export const tradingStreamMessageSchema = z.union([
  z.object({ stream: z.string(), data: z.unknown() }),
  z.object({ action: z.literal('error'), data: z.object({ error_message: z.string().optional(), code: z.number().optional() }).loose() }),
]);

/** Alpaca's REST error body: `{"code":42210000,"message":"…"}`. */
export const alpacaErrorBodySchema = z.object({ code: z.number().optional(), message: z.string().optional() }).loose();
