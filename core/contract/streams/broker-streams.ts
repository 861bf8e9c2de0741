import type { z } from 'zod';
import type { BROKER_STREAM_NAMES } from '../names/broker-names.js';

/** Payload schemas of the streams in `names/broker-names.ts`; a missing or extra entry is a compile error. */
export const brokerStreams = {} as const satisfies Record<(typeof BROKER_STREAM_NAMES)[number], z.ZodType>;
