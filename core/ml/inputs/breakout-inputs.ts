import { createHash } from 'node:crypto';
import { canonicalJson, FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import { F } from '../../features/feature-vector.js';
import type { BreakoutDirection } from '../labels/breakout-event.js';

/**
 * The model's input columns, derived from the feature vector at the event bar, its close and its ATR.
 * The raw vector holds price LEVELS (support 12.3, sma50 187.0, …) that mean nothing across symbols or
 * decades, so every price field becomes a distance from the close in ATR, signed so that positive means
 * "in the breakout's direction"; RSI is mirrored for down breakouts. One model then serves up and down
 * breakouts on any symbol. Order is part of `BREAKOUT_INPUTS_HASH`; append, never reorder.
 */
export const INPUT_NAMES = [
  'direction', // +1 up, -1 down
  'beyondAtr', // how far the close cleared the level
  'rsiInDirection', // rsi for up, 100 - rsi for down
  'macdAtr',
  'closeVsSma20Atr',
  'closeVsSma50Atr',
  'sma20VsSma50Atr',
  'bollingerWidthAtr',
  'rangeWidthAtr', // resistance - support
  'volumeSpike',
  'relativeVolume',
  'trendStrength',
  'momentumInDirection',
  'atrPct', // ATR / close: the volatility regime
  'sentimentInDirection',
  'newsCount',
  'impactScore',
] as const;

/** Bump when a column's formula changes. */
export const BREAKOUT_INPUTS_VERSION = 1;

export const INPUT_COUNT = INPUT_NAMES.length;

/**
 * Identifies the input definition: the column names, their version and the feature schema they are computed
 * from. A model trained under another hash must not be served these rows.
 */
export const BREAKOUT_INPUTS_HASH = createHash('sha256')
  .update(canonicalJson({ name: 'breakout-inputs', version: BREAKOUT_INPUTS_VERSION, columns: INPUT_NAMES, featureSchemaHash: FEATURE_SCHEMA_HASH }))
  .digest('hex');

const v = (f: ArrayLike<number>, i: number): number => f[i] ?? Number.NaN;

/**
 * Writes the `INPUT_COUNT` model inputs of one event into `out` at row `row` (no allocation, for batches).
 * Non-finite inputs (a cold field, ATR 0) are written as NaN; the ensemble treats them as the training mean.
 */
export function writeBreakoutInputs(features: ArrayLike<number>, close: number, atr: number, direction: BreakoutDirection, out: Float64Array, row: number): void {
  const s = direction === 'up' ? 1 : -1;
  const o = row * INPUT_COUNT;
  const level = direction === 'up' ? v(features, F.resistance) : v(features, F.support);
  const sma20 = v(features, F.sma20);
  const sma50 = v(features, F.sma50);
  const rsi = v(features, F.rsi);
  out[o] = s;
  out[o + 1] = (s * (close - level)) / atr;
  out[o + 2] = s === 1 ? rsi : 100 - rsi;
  out[o + 3] = (s * v(features, F.macd)) / atr;
  out[o + 4] = (s * (close - sma20)) / atr;
  out[o + 5] = (s * (close - sma50)) / atr;
  out[o + 6] = (s * (sma20 - sma50)) / atr;
  out[o + 7] = (v(features, F.bbUpper) - v(features, F.bbLower)) / atr;
  out[o + 8] = (v(features, F.resistance) - v(features, F.support)) / atr;
  out[o + 9] = v(features, F.volumeSpike);
  out[o + 10] = v(features, F.relativeVolume);
  out[o + 11] = v(features, F.trendStrength);
  out[o + 12] = s * v(features, F.momentum);
  out[o + 13] = (100 * atr) / close;
  out[o + 14] = s * v(features, F.overallSentiment);
  out[o + 15] = v(features, F.newsCount);
  out[o + 16] = v(features, F.impactScore);
  for (let j = o; j < o + INPUT_COUNT; j++) if (!Number.isFinite(out[j] as number)) out[j] = Number.NaN;
}

/** The inputs of one event as a fresh row. */
export function breakoutInputs(features: ArrayLike<number>, close: number, atr: number, direction: BreakoutDirection): Float64Array {
  const out = new Float64Array(INPUT_COUNT);
  writeBreakoutInputs(features, close, atr, direction, out, 0);
  return out;
}
