import { createHash } from 'node:crypto';
import { canonicalJson, FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';

/**
 * Everything that decides which bars are breakout events and how each one is labelled. Samples are stored
 * under `labelSpecHash(spec)`, so changing any parameter starts a new data set instead of mixing labels.
 *
 * The event reads support, resistance and relative volume from the feature vector, so the spec pins the
 * feature schema it was written against: new feature definitions give a new spec hash too.
 */
export interface LabelSpec {
  readonly name: 'breakout-triple-barrier';
  /** Bump when the labelling code changes in a way the parameters do not show. */
  readonly version: number;
  readonly featureSchemaHash: string;
  /** Wilder ATR period the thresholds and barriers are measured in. */
  readonly atrPeriod: number;
  /** The close must clear resistance (support) by at least this many ATR. 0 = any close beyond the level. */
  readonly minBreakoutAtr: number;
  /** Bar volume / mean volume of the previous bars (the feature `relativeVolume`) must be at least this. */
  readonly minRelativeVolume: number;
  /** Target distance from the event close, in ATR, in the breakout direction. */
  readonly targetAtr: number;
  /** Stop distance from the event close, in ATR, against the breakout direction. */
  readonly stopAtr: number;
  /** Bars after the event bar within which the target must be reached. */
  readonly horizonBars: number;
}

/** Bump when `labelOutcome` or `detectBreakout` changes behaviour. */
export const LABEL_SPEC_VERSION = 1;

/**
 * The default: a close 0.25 ATR beyond the 20-bar level on at least 1.5x normal volume; success = +2 ATR
 * before -1 ATR within 10 bars (two trading weeks on daily bars). The 2:1 reward-to-risk means a coin-flip
 * walk succeeds about a third of the time before timeouts, which is the base rate a model has to beat.
 */
export const DEFAULT_LABEL_SPEC: LabelSpec = {
  name: 'breakout-triple-barrier',
  version: LABEL_SPEC_VERSION,
  featureSchemaHash: FEATURE_SCHEMA_HASH,
  atrPeriod: 14,
  minBreakoutAtr: 0.25,
  minRelativeVolume: 1.5,
  targetAtr: 2,
  stopAtr: 1,
  horizonBars: 10,
};

/** Why a spec cannot be used; empty when it can. */
export function labelSpecProblems(spec: LabelSpec): string[] {
  const problems: string[] = [];
  const positiveInt = (key: 'atrPeriod' | 'horizonBars'): void => {
    if (!(Number.isInteger(spec[key]) && spec[key] >= 1)) problems.push(`${key} must be a positive integer, got ${spec[key]}`);
  };
  const atLeast = (key: 'minBreakoutAtr' | 'minRelativeVolume', min: number): void => {
    if (!(Number.isFinite(spec[key]) && spec[key] >= min)) problems.push(`${key} must be a finite number >= ${min}, got ${spec[key]}`);
  };
  const positive = (key: 'targetAtr' | 'stopAtr'): void => {
    if (!(Number.isFinite(spec[key]) && spec[key] > 0)) problems.push(`${key} must be a finite number > 0, got ${spec[key]}`);
  };
  positiveInt('atrPeriod');
  positiveInt('horizonBars');
  atLeast('minBreakoutAtr', 0);
  atLeast('minRelativeVolume', 0);
  positive('targetAtr');
  positive('stopAtr');
  if (spec.featureSchemaHash.length === 0) problems.push('featureSchemaHash must not be empty');
  return problems;
}

/** @throws RangeError listing every problem of the spec. */
export function assertValidLabelSpec(spec: LabelSpec): void {
  const problems = labelSpecProblems(spec);
  if (problems.length > 0) throw new RangeError(`invalid label spec: ${problems.join('; ')}`);
}

/** sha256 (hex) of the spec's canonical JSON: the key samples are stored and looked up under. */
export function labelSpecHash(spec: LabelSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}
