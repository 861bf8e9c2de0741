import type { z } from 'zod';
import type { BROKER_STREAM_NAMES } from '../names/broker-names.js';
import { brokerModeSchema } from '../requests/broker-requests.js';

/** Payload schemas of the streams in `names/broker-names.ts`; a missing or extra entry is a compile error. */
export const brokerStreams = {
  /** Each change of endpoint or arming, so the header shows it at once. */
  'broker.mode': brokerModeSchema,
} as const satisfies Record<(typeof BROKER_STREAM_NAMES)[number], z.ZodType>;
