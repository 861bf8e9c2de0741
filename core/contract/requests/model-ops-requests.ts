import type { RequestSpec } from '../request-spec.js';
import type { MODEL_OPS_REQUEST_NAMES } from '../names/model-ops-names.js';

/** Params and result schemas of the names in `names/model-ops-names.ts`; a missing or extra entry is a compile error. */
export const modelOpsRequests = {} as const satisfies Record<(typeof MODEL_OPS_REQUEST_NAMES)[number], RequestSpec>;
