import { z } from 'zod';
import { backtestReportSchema } from '../../backtest/report/report-schema.js';
import type { RequestSpec } from '../request-spec.js';
import type { BACKTEST_REQUEST_NAMES } from '../names/backtest-names.js';
import { backtestJobSchema } from '../streams/backtest-streams.js';

/** Most symbols one desk backtest takes: a run blocks the engine between its yields, so the desk keeps it bounded. */
export const MAX_DESK_BACKTEST_SYMBOLS = 40;

// Not schemas.ts's symbolSchema: importing schemas.ts before feed-schemas.ts trips their import cycle. The handler
// checks each symbol against the stored series anyway, so a bounded string is all the boundary needs.
const storedSymbol = z.string().min(1, 'symbol is empty').max(32, 'symbol is longer than 32 characters');
const runIdSchema = z.string().min(1).max(64).regex(/^[\w-]+$/, 'a run id is letters, digits, _ and -');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

/** What the desk's backtest view asks for: stored series, a period, and who decides the trades. */
export const backtestRunParamsSchema = z.strictObject({
  symbols: z.array(storedSymbol).min(1, 'give at least one symbol').max(MAX_DESK_BACKTEST_SYMBOLS),
  /** First and last traded day (bars before `from` warm the features up); omitted: the whole stored series. */
  from: isoDay.optional(),
  to: isoDay.optional(),
  /** `model`: the desk's breakout model (the baseline when none verifies); `baseline`: the rule alone; `sma-crossover`: SMA(10)/SMA(30). */
  strategy: z.enum(['model', 'baseline', 'sma-crossover']),
  startingCash: z.number().positive().max(1e12).optional(),
});

/** Params and result schemas of the names in `names/backtest-names.ts`; a missing or extra entry is a compile error. */
export const backtestRequests = {
  'backtest.run': {
    params: backtestRunParamsSchema,
    result: backtestJobSchema,
    summary: 'Start a backtest of stored daily series through the desk engine; progress comes on the backtest.progress stream.',
  },
  'backtest.result': {
    params: z.strictObject({ runId: runIdSchema }),
    result: z.object({ job: backtestJobSchema, report: backtestReportSchema.nullable() }),
    summary: "A run's state, and its report (equity, drawdown, trades, metrics) once it is done.",
  },
  'backtest.cancel': {
    params: z.strictObject({ runId: runIdSchema }),
    result: backtestJobSchema,
    summary: 'Cancel a running backtest; it stops at its next progress step and stores nothing.',
  },
} as const satisfies Record<(typeof BACKTEST_REQUEST_NAMES)[number], RequestSpec>;
