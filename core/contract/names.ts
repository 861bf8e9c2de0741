/**
 * The names of every desk request and event stream, with no schema attached, so the Electron preload can
 * validate channel names without bundling zod. `requests.ts` and `streams.ts` are checked against these
 * lists at compile time, so the two can never drift.
 */
export const REQUEST_NAMES = ['desk.status', 'market.symbols', 'market.bars', 'ml.health'] as const;
export type RequestName = (typeof REQUEST_NAMES)[number];

export const STREAM_NAMES = ['bar', 'status'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && (REQUEST_NAMES as readonly string[]).includes(value);
}

export function isStreamName(value: unknown): value is StreamName {
  return typeof value === 'string' && (STREAM_NAMES as readonly string[]).includes(value);
}
