import type { z } from 'zod';
import type { StreamName } from './names.js';
import { predictionEventSchema } from './ml-schemas.js';
import { backtestStreams } from './streams/backtest-streams.js';
import { brokerStreams } from './streams/broker-streams.js';
import { modelOpsStreams } from './streams/model-ops-streams.js';
import { newsStreams } from './streams/news-streams.js';
import { barSchema, deskStatusSchema, mlHealthSchema } from './schemas.js';
import { deniedSchema, fillSchema, orderSchema, portfolioSummarySchema, proposalEventSchema } from './trading-schemas.js';

/** Event streams the desk pushes: name → payload schema. */
export const deskStreams = {
  /** A bar that has closed (and been stored). */
  bar: barSchema,
  /** The desk status whenever the feed's connection state changes. */
  status: deskStatusSchema,
  /** A breakout prediction made on a bar close (model or baseline). */
  prediction: predictionEventSchema,
  /** A proposal was created, edited, decided, expired, or its confirmation was refused. */
  proposal: proposalEventSchema,
  /** An order was journalled or changed state. */
  order: orderSchema,
  fill: fillSchema,
  /** A pre-trade rule refused an order. */
  denied: deniedSchema,
  /** The account after fills and bar closes (at most a few times a second). */
  portfolio: portfolioSummarySchema,
  /** Model serving health, when it changes and periodically with the status. */
  health: mlHealthSchema,
  ...modelOpsStreams,
  ...backtestStreams,
  ...brokerStreams,
  ...newsStreams,
} as const satisfies Record<StreamName, z.ZodType>;

export type StreamPayload<S extends StreamName> = z.output<(typeof deskStreams)[S]>;

/** One pushed event as it travels over a WebSocket or IPC. */
export interface StreamMessage<S extends StreamName = StreamName> {
  readonly stream: S;
  readonly payload: StreamPayload<S>;
}
