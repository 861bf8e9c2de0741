import { z } from 'zod';
import type { BACKTEST_STREAM_NAMES } from '../names/backtest-names.js';

/** A desk backtest job as the UI follows it. */
export const backtestJobSchema = z.object({
  runId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  barsDone: z.number(),
  barsTotal: z.number(),
  /** Close instant of the latest bar processed (epoch ms), 0 before the first. */
  time: z.number(),
  /** Why it failed, in words a trader can act on. */
  error: z.string().optional(),
});
export type BacktestJob = z.infer<typeof backtestJobSchema>;

/** Payload schemas of the streams in `names/backtest-names.ts`; a missing or extra entry is a compile error. */
export const backtestStreams = {
  /** A desk backtest moved on, finished, failed or was cancelled. */
  'backtest.progress': backtestJobSchema,
} as const satisfies Record<(typeof BACKTEST_STREAM_NAMES)[number], z.ZodType>;
