import { BACKTEST_REQUEST_NAMES, BACKTEST_STREAM_NAMES } from './names/backtest-names.js';
import { BROKER_REQUEST_NAMES, BROKER_STREAM_NAMES } from './names/broker-names.js';
import { MODEL_OPS_REQUEST_NAMES, MODEL_OPS_STREAM_NAMES } from './names/model-ops-names.js';
import { NEWS_REQUEST_NAMES, NEWS_STREAM_NAMES } from './names/news-names.js';

/**
 * The names of every desk request and event stream, with no schema attached, so the Electron preload can
 * validate channel names without bundling zod. `requests.ts` and `streams.ts` are checked against these
 * lists at compile time, so the two can never drift. Each later capability keeps its names in its own file under
 * `names/` (and its schemas in its own `requests/*-requests.ts`), so they grow without touching each other's lines.
 */

/** The requests of the foundation, trading and desk issues. */
export const CORE_REQUEST_NAMES = [
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

export const REQUEST_NAMES = [
  ...CORE_REQUEST_NAMES,
  ...MODEL_OPS_REQUEST_NAMES,
  ...BACKTEST_REQUEST_NAMES,
  ...BROKER_REQUEST_NAMES,
  ...NEWS_REQUEST_NAMES,
] as const;
export type RequestName = (typeof REQUEST_NAMES)[number];

export const CORE_STREAM_NAMES = ['bar', 'status', 'prediction', 'proposal', 'order', 'fill', 'denied', 'portfolio', 'health'] as const;
export const STREAM_NAMES = [
  ...CORE_STREAM_NAMES,
  ...MODEL_OPS_STREAM_NAMES,
  ...BACKTEST_STREAM_NAMES,
  ...BROKER_STREAM_NAMES,
  ...NEWS_STREAM_NAMES,
] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && (REQUEST_NAMES as readonly string[]).includes(value);
}

export function isStreamName(value: unknown): value is StreamName {
  return typeof value === 'string' && (STREAM_NAMES as readonly string[]).includes(value);
}
