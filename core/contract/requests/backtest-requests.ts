import type { RequestSpec } from '../request-spec.js';
import type { BACKTEST_REQUEST_NAMES } from '../names/backtest-names.js';

/** Params and result schemas of the names in `names/backtest-names.ts`; a missing or extra entry is a compile error. */
export const backtestRequests = {} as const satisfies Record<(typeof BACKTEST_REQUEST_NAMES)[number], RequestSpec>;
