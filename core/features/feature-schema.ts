import { createHash } from 'node:crypto';
import { assertValidParams, DEFAULT_FEATURE_PARAMS, warmUpBars, type FeatureParams } from './feature-params.js';
import { FEATURE_NAMES, type FeatureName } from './feature-vector.js';

/** One slot of the vector: its flat name and exactly how it is computed. */
export interface FeatureField {
  readonly name: FeatureName;
  readonly definition: string;
}

/**
 * What a feature vector means: ordered fields with their definitions, the parameters, the conventions
 * shared by all fields, and a version bumped whenever a definition changes in a way the text does not
 * show (e.g. a rounding fix). Models pin `featureSchemaHash(schema)`.
 */
export interface FeatureSchema {
  readonly name: 'breakout-features';
  readonly version: number;
  readonly params: FeatureParams;
  readonly warmUpBars: number;
  readonly conventions: readonly string[];
  readonly fields: readonly FeatureField[];
}

/** Bump when any computation changes; the hash then changes too. */
export const FEATURE_SCHEMA_VERSION = 1;

function definitions(p: FeatureParams): Record<FeatureName, string> {
  const bb = `${p.bollingerPeriod} bars`;
  return {
    'technicalIndicators.rsi':
      `Wilder RSI(${p.rsiPeriod}) of close, 0..100. Changes d = close - previous close; gain = max(d, 0), loss = max(-d, 0). ` +
      `Seed: avgGain/avgLoss = arithmetic mean of the first ${p.rsiPeriod} gains/losses; then avg = (prev * ${p.rsiPeriod - 1} + x) / ${p.rsiPeriod}. ` +
      'RSI = 100 - 100 / (1 + avgGain / avgLoss); 100 when avgLoss = 0 < avgGain; 50 when both are 0 (no movement). ' +
      `Defined from bar index ${p.rsiPeriod}.`,
    'technicalIndicators.macd':
      `MACD line = ema${p.emaFast} - ema${p.emaSlow} (the two EMA fields below), no signal line. Defined from bar index ${p.emaSlow - 1}.`,
    'technicalIndicators.bollingerBands.upper': `middle + ${p.bollingerWidth} * sigma, sigma = population standard deviation (divide by N) of the last ${bb} of close incl. the current one.`,
    'technicalIndicators.bollingerBands.middle': `Arithmetic mean of the last ${bb} of close incl. the current one.`,
    'technicalIndicators.bollingerBands.lower': `middle - ${p.bollingerWidth} * sigma (sigma as for upper).`,
    'technicalIndicators.movingAverages.sma20': `Arithmetic mean of the last ${p.smaShort} closes incl. the current one.`,
    'technicalIndicators.movingAverages.sma50': `Arithmetic mean of the last ${p.smaLong} closes incl. the current one.`,
    'technicalIndicators.movingAverages.ema12':
      `EMA(${p.emaFast}) of close, alpha = 2 / (${p.emaFast} + 1); seeded at bar index ${p.emaFast - 1} with the mean of the first ${p.emaFast} closes; then ema = (close - prev) * alpha + prev.`,
    'technicalIndicators.movingAverages.ema26':
      `EMA(${p.emaSlow}) of close, alpha = 2 / (${p.emaSlow} + 1); seeded at bar index ${p.emaSlow - 1} with the mean of the first ${p.emaSlow} closes; then ema = (close - prev) * alpha + prev.`,
    'volumePatterns.averageVolume20d':
      `Mean volume of the ${p.volumePeriod} bars BEFORE the current one (the current bar is excluded so a spike does not inflate its own baseline).`,
    'volumePatterns.volumeSpike':
      `z-score of the current volume against the same ${p.volumePeriod} previous bars: (volume - mean) / sigma, sigma = population standard deviation; ` +
      'NaN (bar not warm) when sigma < 1e-9 * mean, i.e. a flat baseline has no spread to measure a spike against.',
    'volumePatterns.relativeVolume':
      `volume / averageVolume20d (the mean of the ${p.volumePeriod} previous bars); NaN (bar not warm) when that mean is 0.`,
    'priceAction.support': `Lowest low of the ${p.levelPeriod} bars BEFORE the current one (current excluded, so close < support is a breakdown).`,
    'priceAction.resistance': `Highest high of the ${p.levelPeriod} bars BEFORE the current one (current excluded, so close > resistance is a breakout).`,
    'priceAction.trendStrength':
      `Wilder ADX(${p.adxPeriod}), 0..100. TR, +DM, -DM per bar from bar index 1; Wilder sums: first = sum of the first ${p.adxPeriod} values, ` +
      `then s = s - s / ${p.adxPeriod} + x. +DI = 100 * +DM_s / TR_s, -DI likewise (0 when TR_s = 0); DX = 100 * |+DI - -DI| / (+DI + -DI) (0 when the sum is 0). ` +
      `ADX = mean of the first ${p.adxPeriod} DX, then (prev * ${p.adxPeriod - 1} + DX) / ${p.adxPeriod}. Defined from bar index ${2 * p.adxPeriod - 1}.`,
    'priceAction.momentum': `Rate of change over ${p.rocPeriod} bars in percent: 100 * (close - close[${p.rocPeriod} bars ago]) / close[${p.rocPeriod} bars ago].`,
    'marketSentiment.overallSentiment':
      `Decayed mean sentiment of news items for the symbol with time <= the bar's close time: weight w = 2^(-(closeTime - itemTime) / ${p.newsHalfLifeMs} ms); ` +
      'sum(w * sentiment) / max(1, sum(w)), so it shrinks towards 0 when the decayed evidence is less than one fresh item. In -1..1; 0 with sentimentSource "none" when no item was ever seen.',
    'marketSentiment.newsCount': `Number of news items for the symbol with closeTime - ${p.newsWindowMs} ms < itemTime <= closeTime.`,
    'marketSentiment.impactScore':
      'Decayed sum of news impact: sum(w * impact) with w as for overallSentiment; 1 = one fresh market-moving item.',
  };
}

const CONVENTIONS = [
  'Bar index counts accepted bars from 0. A field is NaN until it is defined; a vector is warm only when every field is finite, and only warm vectors may reach a model or the training store.',
  "A bar's close time is its open time plus its interval length, except daily bars (stamped 00:00 UTC): 20:00 UTC of the date, never after the US cash close in either daylight-saving regime; news is applied only at or before that instant, never later bars or later items.",
  'Window sums (SMA, Bollinger, volume baseline) are kept as sums of (x - K), K = the newest value at the last re-sum, and are re-summed exactly from the window every N bars (when N bars have been pushed since the last one), so float drift over long series is bounded; the batch computation follows the same schedule and is bitwise equal.',
  'Prices must be positive and finite, high >= max(open, close), low <= min(open, close), volume >= 0, times strictly increasing; other bars are rejected, not computed on.',
];

/** Builds the schema for a parameter set. @throws Error when the parameters are unusable. */
export function buildFeatureSchema(params: FeatureParams = DEFAULT_FEATURE_PARAMS): FeatureSchema {
  assertValidParams(params);
  const defs = definitions(params);
  return {
    name: 'breakout-features',
    version: FEATURE_SCHEMA_VERSION,
    params: { ...params },
    warmUpBars: warmUpBars(params),
    conventions: CONVENTIONS,
    fields: FEATURE_NAMES.map((name) => ({ name, definition: defs[name] })),
  };
}

/** JSON with object keys sorted at every level, so equal schemas serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot hash a non-finite number (${value})`);
  return JSON.stringify(value);
}

/** sha256 (hex) of the schema's canonical JSON: what a model pins and the feature store keys rows by. */
export function featureSchemaHash(schema: FeatureSchema): string {
  return createHash('sha256').update(canonicalJson(schema)).digest('hex');
}

/** The schema the desk computes by default. */
export const FEATURE_SCHEMA: FeatureSchema = buildFeatureSchema();
/** Hash of `FEATURE_SCHEMA`. */
export const FEATURE_SCHEMA_HASH: string = featureSchemaHash(FEATURE_SCHEMA);
