import type { z } from 'zod';
import type { NEWS_STREAM_NAMES } from '../names/news-names.js';

/** Payload schemas of the streams in `names/news-names.ts`; a missing or extra entry is a compile error. */
export const newsStreams = {} as const satisfies Record<(typeof NEWS_STREAM_NAMES)[number], z.ZodType>;
