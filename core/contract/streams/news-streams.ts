import type { z } from 'zod';
import type { NEWS_STREAM_NAMES } from '../names/news-names.js';
import { newsItemSchema } from '../requests/news-requests.js';

/** Payload schemas of the streams in `names/news-names.ts`; a missing or extra entry is a compile error. */
export const newsStreams = {
  /** Each story as it is scored and stored, from any source. */
  news: newsItemSchema,
} as const satisfies Record<(typeof NEWS_STREAM_NAMES)[number], z.ZodType>;
