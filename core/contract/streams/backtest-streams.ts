import type { z } from 'zod';
import type { BACKTEST_STREAM_NAMES } from '../names/backtest-names.js';

/** Payload schemas of the streams in `names/backtest-names.ts`; a missing or extra entry is a compile error. */
export const backtestStreams = {} as const satisfies Record<(typeof BACKTEST_STREAM_NAMES)[number], z.ZodType>;
