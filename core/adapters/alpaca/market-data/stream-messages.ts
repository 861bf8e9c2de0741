import { z } from 'zod';
import { parseRfc3339 } from '../rfc3339.js';

const time = z.string().transform((text, ctx) => {
  const ms = parseRfc3339(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${text.slice(0, 40)}" is not an RFC 3339 time` });
    return z.NEVER;
  }
  return ms;
});
const symbol = z.string().min(1).max(32);
const positive = z.number().positive().finite();
const nonNegative = z.number().nonnegative().finite();
const conditions = z.array(z.string()).optional();

export const successSchema = z.object({ T: z.literal('success'), msg: z.string() });
export const errorSchema = z.object({ T: z.literal('error'), code: z.number().int(), msg: z.string() });

const symbolList = z.array(z.string()).optional();
/** The server's whole subscription set; keys it leaves out are empty (the test stream omits most). */
export const subscriptionSchema = z.object({
  T: z.literal('subscription'),
  trades: symbolList,
  quotes: symbolList,
  bars: symbolList,
  updatedBars: symbolList,
  dailyBars: symbolList,
  statuses: symbolList,
  lulds: symbolList,
  imbalances: symbolList,
  corrections: symbolList,
  cancelErrors: symbolList,
});

export const tradeSchema = z.object({
  T: z.literal('t'), S: symbol, i: z.number().int(), x: z.string(), p: positive, s: nonNegative, t: time, c: conditions, z: z.string().optional(),
});

export const quoteSchema = z.object({
  T: z.literal('q'), S: symbol, bx: z.string().optional(), bp: nonNegative, bs: nonNegative,
  ax: z.string().optional(), ap: nonNegative, as: nonNegative, t: time, c: conditions, z: z.string().optional(),
});

/** Minute (`b`), daily (`d`) and updated (`u`) bars share one shape; the OHLC must be self-consistent. */
export const barMessageSchema = z
  .object({
    T: z.enum(['b', 'd', 'u']), S: symbol, o: positive, h: positive, l: positive, c: positive, v: nonNegative, t: time,
    n: nonNegative.optional(), vw: nonNegative.optional(),
  })
  .refine((b) => b.h >= Math.max(b.o, b.c, b.l) && b.l <= Math.min(b.o, b.c), { message: 'high/low do not bound open and close' });

export const correctionSchema = z.object({
  T: z.literal('c'), S: symbol, x: z.string(), oi: z.number().int(), op: positive, os: nonNegative,
  ci: z.number().int(), cp: positive, cs: nonNegative, t: time, z: z.string().optional(),
});

export const cancelErrorSchema = z.object({
  T: z.literal('x'), S: symbol, i: z.number().int(), x: z.string(), p: positive, s: nonNegative, a: z.string(), t: time, z: z.string().optional(),
});

export const luldSchema = z.object({ T: z.literal('l'), S: symbol, u: positive, d: positive, i: z.string(), t: time, z: z.string().optional() });

export const statusSchema = z.object({
  T: z.literal('s'), S: symbol, sc: z.string(), sm: z.string().optional(), rc: z.string().optional(), rm: z.string().optional(),
  t: time, z: z.string().optional(),
});

export const imbalanceSchema = z.object({ T: z.literal('i'), S: symbol, p: positive, t: time, z: z.string().optional() });

export type SuccessMessage = z.infer<typeof successSchema>;
export type ErrorMessage = z.infer<typeof errorSchema>;
export type SubscriptionMessage = z.infer<typeof subscriptionSchema>;
export type TradeMessage = z.infer<typeof tradeSchema>;
export type QuoteMessage = z.infer<typeof quoteSchema>;
export type BarMessage = z.infer<typeof barMessageSchema>;
export type CorrectionMessage = z.infer<typeof correctionSchema>;
export type CancelErrorMessage = z.infer<typeof cancelErrorSchema>;
export type LuldMessage = z.infer<typeof luldSchema>;
export type StatusMessage = z.infer<typeof statusSchema>;
export type ImbalanceMessage = z.infer<typeof imbalanceSchema>;

/** One validated server message; switch on `T` (a trade's `c` is its conditions, a message `T:"c"` a correction). */
export type StreamMessage =
  | SuccessMessage | ErrorMessage | SubscriptionMessage | TradeMessage | QuoteMessage | BarMessage
  | CorrectionMessage | CancelErrorMessage | LuldMessage | StatusMessage | ImbalanceMessage;

/** Schema per message type, looked up by `T` so an unknown type is told apart from a malformed known one. */
export const SCHEMA_BY_TYPE: Readonly<Record<string, z.ZodType<StreamMessage>>> = {
  success: successSchema,
  error: errorSchema,
  subscription: subscriptionSchema,
  t: tradeSchema,
  q: quoteSchema,
  b: barMessageSchema,
  d: barMessageSchema,
  u: barMessageSchema,
  c: correctionSchema,
  x: cancelErrorSchema,
  l: luldSchema,
  s: statusSchema,
  i: imbalanceSchema,
};

/** UTP `H`/`P` and CTA `2` halt or pause trading; `T`/`3` resume it (protocol note A.7). `Q` resumes quotes only. */
export const HALT_CODES: ReadonlySet<string> = new Set(['2', 'H', 'P']);
export const RESUME_CODES: ReadonlySet<string> = new Set(['3', 'T']);
