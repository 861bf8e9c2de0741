import type { z } from 'zod';
import type { RISK_MODEL_STREAM_NAMES } from '../names/risk-model-names.js';

/** Payload schemas of the streams in `names/risk-model-names.ts`; a missing or extra entry is a compile error. */
export const riskModelStreams = {} as const satisfies Record<(typeof RISK_MODEL_STREAM_NAMES)[number], z.ZodType>;
