import type { RequestSpec } from '../request-spec.js';
import type { RISK_MODEL_REQUEST_NAMES } from '../names/risk-model-names.js';

/** Params and result schemas of the names in `names/risk-model-names.ts`; a missing or extra entry is a compile error. */
export const riskModelRequests = {} as const satisfies Record<(typeof RISK_MODEL_REQUEST_NAMES)[number], RequestSpec>;
