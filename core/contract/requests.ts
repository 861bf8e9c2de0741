import { z } from 'zod';
import type { RequestName } from './names.js';
import { barSchema, deskStatusSchema, intervalSchema, mlHealthSchema, quoteSchema, symbolSchema } from './schemas.js';

/** A request's params schema (validated at every transport boundary) and its result schema. */
export interface RequestSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  /** One line for generated docs and the server's route list. */
  readonly summary: string;
}

const noParams = z.strictObject({});

/** Most bars one `market.bars` call returns; the chart needs far fewer, and this bounds a reply's size. */
export const MAX_BARS_PER_REQUEST = 50_000;

/**
 * The whole request surface of the desk, in the style of Actual's `Handlers`: name → params and result.
 * `satisfies` makes a name missing here, or one not listed in names.ts, a compile error.
 */
export const deskRequests = {
  'desk.status': { params: noParams, result: deskStatusSchema, summary: 'What the desk runs and where.' },
  'market.symbols': { params: noParams, result: z.array(quoteSchema), summary: 'Watchlist quotes for the feed symbols.' },
  'market.bars': {
    params: z.strictObject({
      symbol: symbolSchema,
      interval: intervalSchema.optional(),
      limit: z.number().int().min(1).max(MAX_BARS_PER_REQUEST).optional(),
    }),
    result: z.array(barSchema),
    summary: 'Stored bars of a symbol, oldest first (the most recent `limit`).',
  },
  'ml.health': { params: noParams, result: mlHealthSchema, summary: 'Model health and the fallback in use.' },
} as const satisfies Record<RequestName, RequestSpec>;

export type DeskRequests = typeof deskRequests;
/** What a caller may send (defaults not yet applied). */
export type ParamsInput<K extends RequestName> = z.input<DeskRequests[K]['params']>;
/** What a handler receives after validation. */
export type Params<K extends RequestName> = z.output<DeskRequests[K]['params']>;
export type ResultOf<K extends RequestName> = z.output<DeskRequests[K]['result']>;
