import { z } from 'zod';
import { INTERVALS } from '../market/interval.js';

// Wire shapes: what crosses a transport as JSON. Branded numbers travel as plain numbers, so these
// schemas use z.number(); the engine's branded Bar is assignable to them.

/** A ticker as the desk accepts it from the outside: letters, digits and the punctuation real tickers use. */
export const symbolSchema = z
  .string()
  .min(1, 'symbol is empty')
  .max(32, 'symbol is longer than 32 characters')
  .regex(/^[A-Za-z0-9.^=_-]+$/, 'symbol may contain only letters, digits and . ^ = _ -');

export const intervalSchema = z.enum(INTERVALS);

const finite = z.number().finite();

export const barSchema = z.object({
  symbol: z.string(),
  interval: intervalSchema,
  time: finite,
  open: finite,
  high: finite,
  low: finite,
  close: finite,
  volume: finite,
});
export type BarDto = z.infer<typeof barSchema>;

export const feedStateSchema = z.enum(['connecting', 'connected', 'stale', 'disconnected']);

/**
 * Why a broker feed holds a symbol's predictions and new entries (core/adapters/symbol-gate.ts): bars behind
 * (`gap`), an old quote in market hours (`stale-quote`), a trading halt (`halted`); `detail` says it in words.
 */
export const symbolHoldSchema = z.object({
  reasons: z.array(z.enum(['gap', 'stale-quote', 'halted'])),
  detail: z.string(),
});
export type SymbolHold = z.infer<typeof symbolHoldSchema>;

/** What the desk is running and where: shown in the status bar and printed by `npm start`. */
export const deskStatusSchema = z.object({
  startedAt: finite,
  now: finite,
  feed: z.object({
    name: z.string(),
    state: feedStateSchema,
    reason: z.string().nullable(),
    seed: z.number().int(),
    interval: intervalSchema,
    symbols: z.array(z.string()),
    /** Symbols the feed holds now, with why; absent for feeds without a gate (simulator, replay). */
    held: z.array(symbolHoldSchema.extend({ symbol: z.string() })).optional(),
  }),
  db: z.object({
    file: z.string(),
    barsStored: z.number().int(),
    /** Bars the store refused (e.g. disk full); they are counted, never half-written. */
    writeErrors: z.number().int(),
  }),
});
export type DeskStatus = z.infer<typeof deskStatusSchema>;

/** One watchlist row. `previousClose` is the last close of an earlier UTC day; numbers are null until bars exist. */
export const quoteSchema = z.object({
  symbol: z.string(),
  interval: intervalSchema,
  time: finite.nullable(),
  last: finite.nullable(),
  previousClose: finite.nullable(),
  change: finite.nullable(),
  changePct: finite.nullable(),
  /** Present while the feed holds the symbol (no prediction, no new entry), with why. */
  held: symbolHoldSchema.optional(),
});
export type Quote = z.infer<typeof quoteSchema>;

/** The desk's ML health: which models run and, when none does, which rule-based fallback stands in. */
export const mlHealthSchema = z.object({
  status: z.enum(['ok', 'fallback']),
  models: z.array(z.object({ role: z.string(), version: z.string(), state: z.string() })),
  fallback: z.object({ active: z.boolean(), kind: z.literal('rule-based'), reason: z.string() }),
  at: finite,
});
export type MlHealth = z.infer<typeof mlHealthSchema>;

export * from './trading-schemas.js';
export * from './ml-schemas.js';
export * from './feed-schemas.js';
