import type { z } from 'zod';
import { modelMetricsEventSchema, modelOpsOverviewSchema } from '../model-ops-schemas.js';
import type { MODEL_OPS_STREAM_NAMES } from '../names/model-ops-names.js';

/** Payload schemas of the streams in `names/model-ops-names.ts`; a missing or extra entry is a compile error. */
export const modelOpsStreams = {
  /** A version's live figures after a prediction of it resolved. */
  modelMetrics: modelMetricsEventSchema,
  /** The whole registry state after a deployment, a breaker trip or re-close, a disable, or an alert. */
  modelHealth: modelOpsOverviewSchema,
} as const satisfies Record<(typeof MODEL_OPS_STREAM_NAMES)[number], z.ZodType>;
