import type { RequestSpec } from '../request-spec.js';
import type { NEWS_REQUEST_NAMES } from '../names/news-names.js';

/** Params and result schemas of the names in `names/news-names.ts`; a missing or extra entry is a compile error. */
export const newsRequests = {} as const satisfies Record<(typeof NEWS_REQUEST_NAMES)[number], RequestSpec>;
