import { z } from 'zod';
import { intervalSchema, symbolSchema } from './schemas.js';

/** Largest CSV text `data.importCsv` accepts (characters): a few decades of daily bars fit many times over. */
export const MAX_IMPORT_CSV_CHARS = 20_000_000;
/** Most symbols one replay runs; the watchlist and one session stay readable. */
export const MAX_REPLAY_SYMBOLS = 50;
/** Largest speed factor the desk accepts; JSON has no Infinity, and this already replays years per second. */
export const MAX_FEED_SPEED = 1e9;

const speedSchema = z.number().positive('speed must be above 0').max(MAX_FEED_SPEED, `speed is at most ${MAX_FEED_SPEED}`);

/** The seeded market simulator; `speed` is simulated time per wall-clock time (1 = real time). */
export const simulatorFeedConfigSchema = z.strictObject({
  kind: z.literal('simulator'),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  speed: speedSchema,
  interval: intervalSchema.optional(),
});

/**
 * Stored bars replayed in time order; `speed` is bar time per wall-clock time (86,400,000 replays one
 * daily bar per second). `from` is the first bar open time replayed; bars before it are the chart's history.
 */
export const replayFeedConfigSchema = z.strictObject({
  kind: z.literal('replay'),
  symbols: z.array(symbolSchema).min(1, 'pick at least one stored symbol').max(MAX_REPLAY_SYMBOLS),
  interval: intervalSchema,
  from: z.number().int().optional(),
  speed: speedSchema,
});

/** Most symbols one Alpaca feed streams: the free plan's IEX stream allows 30 per connection. */
export const MAX_ALPACA_SYMBOLS = 30;

/**
 * Alpaca's live minute bars. `account` picks whose keys read the data and which endpoints the desk is on (paper or
 * live: the data hosts are the same, the trading host differs); the keys come from the desk's credentials, never
 * from here. `dataFeed` is the stream and history feed: `iex` on the free plan, `sip` needs a paid one.
 */
export const alpacaFeedConfigSchema = z.strictObject({
  kind: z.literal('alpaca'),
  account: z.enum(['paper', 'live']),
  symbols: z.array(symbolSchema).min(1, 'pick at least one symbol').max(MAX_ALPACA_SYMBOLS, `at most ${MAX_ALPACA_SYMBOLS} symbols on one stream`),
  dataFeed: z.enum(['iex', 'sip']).optional(),
  /**
   * Where confirmed orders go: `simulated` (default) fills them locally against the feed's bars, as on every other
   * feed; `alpaca` sends them to `account`'s Alpaca trading endpoint. The live account also needs the session's
   * arming, or every order is rejected unsent.
   */
  broker: z.enum(['simulated', 'alpaca']).optional(),
});
export type AlpacaFeedConfig = z.infer<typeof alpacaFeedConfigSchema>;

/** A feed the trader can choose in the settings. */
export const feedConfigSchema = z.discriminatedUnion('kind', [simulatorFeedConfigSchema, replayFeedConfigSchema, alpacaFeedConfigSchema]);
export type FeedConfig = z.infer<typeof feedConfigSchema>;

/** One stored series, as `desk ingest` or `data.importCsv` left it. */
export const storedSeriesSchema = z.object({
  symbol: z.string(),
  interval: intervalSchema,
  bars: z.number().int(),
  first: z.number(),
  last: z.number(),
});
export type StoredSeries = z.infer<typeof storedSeriesSchema>;

/** The running feed (a test's scripted feed reports `custom`) and what could be replayed. */
export const deskFeedSchema = z.object({
  running: z.union([
    simulatorFeedConfigSchema.extend({ interval: intervalSchema }),
    replayFeedConfigSchema,
    alpacaFeedConfigSchema,
    z.object({ kind: z.literal('custom'), name: z.string(), interval: intervalSchema, symbols: z.array(z.string()) }),
  ]),
  stored: z.array(storedSeriesSchema),
});
export type DeskFeed = z.infer<typeof deskFeedSchema>;

export const importCsvParamsSchema = z.strictObject({
  /** The file's name: the symbol comes from it (`AAPL.csv` → AAPL), as with `desk ingest`. */
  fileName: z.string().trim().min(1, 'fileName is empty').max(255, 'fileName is longer than 255 characters'),
  text: z.string().max(MAX_IMPORT_CSV_CHARS, `the file is larger than ${MAX_IMPORT_CSV_CHARS / 1_000_000} MB; import it with "desk ingest" instead`),
});

const rowRejectionSchema = z.object({
  line: z.number().int(),
  reasons: z.array(z.object({ code: z.string(), message: z.string(), column: z.string().optional() })),
});

/** What one imported CSV gave: stored rows and refused ones with their lines, or why nothing was stored. */
export const importReportSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    fileName: z.string(),
    symbol: z.string(),
    interval: intervalSchema,
    rows: z.number().int(),
    stored: z.number().int(),
    /** Every rejected row is counted here; `rejections` lists the first ones. */
    rejected: z.number().int(),
    rejections: z.array(rowRejectionSchema),
  }),
  z.object({ ok: z.literal(false), fileName: z.string(), line: z.number().int().optional(), message: z.string() }),
]);
export type ImportReport = z.infer<typeof importReportSchema>;
