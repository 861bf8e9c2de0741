import type { RequestSpec } from '../request-spec.js';
import type { BROKER_REQUEST_NAMES } from '../names/broker-names.js';

/** Params and result schemas of the names in `names/broker-names.ts`; a missing or extra entry is a compile error. */
export const brokerRequests = {} as const satisfies Record<(typeof BROKER_REQUEST_NAMES)[number], RequestSpec>;
