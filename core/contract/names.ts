/**
 * The names of every desk request and event stream, with no schema attached, so the Electron preload can
 * validate channel names without bundling zod. `requests.ts` and `streams.ts` are checked against these
 * lists at compile time, so the two can never drift.
 */
export const REQUEST_NAMES = [
  'desk.status',
  'market.symbols',
  'market.bars',
  'proposals.list',
  'proposals.confirm',
  'proposals.edit',
  'proposals.reject',
  'orders.list',
  'orders.cancel',
  'portfolio.summary',
  'risk.killSwitch.get',
  'risk.killSwitch.set',
  'risk.limits.get',
  'risk.limits.update',
  'automation.get',
  'automation.set',
  'ml.health',
  'ml.models',
  'ml.breakout',
  'ml.batchBreakout',
  'ml.sentiment',
  'ml.risk',
  'feed.get',
  'feed.set',
  'data.importCsv',
] as const;
export type RequestName = (typeof REQUEST_NAMES)[number];

export const STREAM_NAMES = ['bar', 'status', 'prediction', 'proposal', 'order', 'fill', 'denied', 'portfolio', 'health'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && (REQUEST_NAMES as readonly string[]).includes(value);
}

export function isStreamName(value: unknown): value is StreamName {
  return typeof value === 'string' && (STREAM_NAMES as readonly string[]).includes(value);
}
