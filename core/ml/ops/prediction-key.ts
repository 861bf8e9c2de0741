import type { Interval } from '../../market/interval.js';

/** The model id a proposal carries for a registered version (`breakout:<version>`), as the trading layer names it. */
export const servedModelId = (model: string, version: string): string => `${model}:${version}`;

/** The model id of the rule-based fallback (the trading layer's `BASELINE_MODEL_ID`). */
export const FALLBACK_MODEL_ID = 'baseline';

/**
 * The key a logged prediction is stored under: exactly the `prediction_id` the proposal desk gives a proposal
 * made from this signal (`prediction:<signal id>`, the signal id being `<model id>:<symbol>:<interval>:<bar
 * time>`), so an order's `prediction_id` finds its prediction with a plain join. Pinned by a test on both sides.
 */
export const predictionKey = (modelId: string, symbol: string, interval: Interval, barTime: number): string =>
  `prediction:${modelId}:${symbol}:${interval}:${barTime}`;
