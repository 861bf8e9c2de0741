import type { z } from 'zod';
import type { MODEL_OPS_STREAM_NAMES } from '../names/model-ops-names.js';

/** Payload schemas of the streams in `names/model-ops-names.ts`; a missing or extra entry is a compile error. */
export const modelOpsStreams = {} as const satisfies Record<(typeof MODEL_OPS_STREAM_NAMES)[number], z.ZodType>;
