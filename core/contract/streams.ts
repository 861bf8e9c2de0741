import type { z } from 'zod';
import type { StreamName } from './names.js';
import { barSchema, deskStatusSchema } from './schemas.js';

/** Event streams the desk pushes: name → payload schema. */
export const deskStreams = {
  /** A bar that has closed (and been stored). */
  bar: barSchema,
  /** The desk status whenever the feed's connection state changes. */
  status: deskStatusSchema,
} as const satisfies Record<StreamName, z.ZodType>;

export type StreamPayload<S extends StreamName> = z.output<(typeof deskStreams)[S]>;

/** One pushed event as it travels over a WebSocket or IPC. */
export interface StreamMessage<S extends StreamName = StreamName> {
  readonly stream: S;
  readonly payload: StreamPayload<S>;
}
