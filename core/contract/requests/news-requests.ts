import { z } from 'zod';
import type { RequestSpec } from '../request-spec.js';
import type { NEWS_REQUEST_NAMES } from '../names/news-names.js';

const finite = z.number().finite();
// The ticker rule of schemas.ts' symbolSchema, restated: importing schemas.ts from here closes an import cycle
// (schemas → feed-schemas → schemas) when this file is the first contract module a process loads.
const symbolSchema = z
  .string()
  .min(1, 'symbol is empty')
  .max(32, 'symbol is longer than 32 characters')
  .regex(/^[A-Za-z0-9.^=_-]+$/, 'symbol may contain only letters, digits and . ^ = _ -');

/** Largest news file `news.import` accepts (characters). Over HTTP the server's body limit applies first. */
export const MAX_NEWS_IMPORT_CHARS = 20_000_000;
/** Most stories one `news.list` answer carries. */
export const MAX_NEWS_LIST = 200;
/** Rejected rows listed in an import report; the count covers them all. */
export const MAX_LISTED_NEWS_REJECTIONS = 20;

const labelSchema = z.enum(['positive', 'negative', 'neutral']);

/** One scored story as the desk stores and streams it. */
export const newsItemSchema = z.object({
  id: z.string(),
  time: finite,
  symbols: z.array(z.string()),
  headline: z.string(),
  summary: z.string().nullable(),
  source: z.string(),
  url: z.string().nullable(),
  /** -1 .. +1 from an investor's point of view. */
  sentiment: finite,
  /** 0 (noise) .. 1 (market-moving). */
  impact: finite,
  label: labelSchema,
});
export type NewsItemDto = z.infer<typeof newsItemSchema>;

export const newsListParamsSchema = z.strictObject({
  symbol: symbolSchema,
  limit: z.number().int().min(1).max(MAX_NEWS_LIST).optional(),
});

export const newsListSchema = z.object({
  symbol: z.string(),
  /** Newest first. */
  items: z.array(newsItemSchema),
});

export const newsImportParamsSchema = z.strictObject({
  /** Shown in the report; `.json` (or text starting with `[`/`{`) is read as JSON, anything else as CSV. */
  fileName: z.string().trim().min(1, 'fileName is empty').max(255, 'fileName is longer than 255 characters'),
  text: z.string().max(MAX_NEWS_IMPORT_CHARS, `the file is longer than ${MAX_NEWS_IMPORT_CHARS} characters`),
});

/** What an import did: the good rows stored in one transaction, every bad row counted and the first listed. */
export const newsImportReportSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    fileName: z.string(),
    format: z.enum(['json', 'csv']),
    rows: z.number().int(),
    stored: z.number().int(),
    /** Stories already stored under the same id (a re-import): left as they were. */
    duplicates: z.number().int(),
    rejected: z.number().int(),
    rejections: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  }),
  z.object({ ok: z.literal(false), fileName: z.string(), message: z.string() }),
]);
export type NewsImportReport = z.infer<typeof newsImportReportSchema>;

export const newsScoreParamsSchema = z.strictObject({
  text: z.string().min(1, 'text is empty').max(2_000, 'text is longer than 2,000 characters'),
});

/** The desk lexicon's reading of one headline, with the terms it came from. */
export const newsScoreSchema = z.object({
  score: finite,
  label: labelSchema,
  terms: z.array(z.object({ text: z.string(), tone: finite })),
});

/** Params and result schemas of the names in `names/news-names.ts`; a missing or extra entry is a compile error. */
export const newsRequests = {
  'news.list': {
    params: newsListParamsSchema,
    result: newsListSchema,
    summary: "A symbol's newest scored stories (simulator, Alpaca news stream or imports), newest first.",
  },
  'news.import': {
    params: newsImportParamsSchema,
    result: newsImportReportSchema,
    summary: 'Import a JSON or CSV news file: rows validated one by one, the good ones scored and stored in one transaction, the bad ones listed by line.',
  },
  'news.score': {
    params: newsScoreParamsSchema,
    result: newsScoreSchema,
    summary: "Score one headline with the desk's finance lexicon (score, label and the terms it came from).",
  },
} as const satisfies Record<(typeof NEWS_REQUEST_NAMES)[number], RequestSpec>;
