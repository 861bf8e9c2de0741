import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from '../../features/feature-params.js';
import { buildFeatureSchema, featureSchemaHash } from '../../features/feature-schema.js';
import type { HistoryQuery } from '../../feeds/feed.js';
import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import type { EpochMs } from '../../market/units.js';
import { assertValidLabelSpec, labelSpecHash, type LabelSpec } from '../labels/label-spec.js';
import { labelSeries, type LabelledEvent } from '../labels/series-labeler.js';
import { datasetCounts, type DatasetCounts } from './dataset-counts.js';
import type { SampleStore } from './sample-store.js';
import type { TrainingSample } from './training-sample.js';

/** Where the bars come from and the samples go. */
export interface DatasetStores {
  readonly bars: { query(q: HistoryQuery): Bar[] };
  readonly samples: Pick<SampleStore, 'upsert'>;
}

export interface DatasetOptions {
  /** Default '1d'. */
  readonly interval?: Interval;
  /** Events from this bar open time on; earlier bars still warm the indicators up. */
  readonly from?: EpochMs;
  /**
   * The data ends here: later bars are not read at all, so events whose horizon runs past `to` are pending.
   * A training cut-off therefore never labels with bars after it.
   */
  readonly to?: EpochMs;
  /** Must be the parameters of `spec.featureSchemaHash`; default the desk's. */
  readonly featureParams?: FeatureParams;
}

/** What one symbol contributed. */
export interface SymbolDataset extends DatasetCounts {
  readonly symbol: string;
  readonly barsRead: number;
  /** Events whose horizon had not ended when the data did: not stored, not counted as failures. */
  readonly pending: number;
  /** Rows new or changed in the store (0 when rebuilding unchanged data). */
  readonly written: number;
  readonly rejectedBars: number;
  readonly firstRejection?: string;
}

export interface DatasetReport {
  readonly labelSpecHash: string;
  readonly symbols: readonly SymbolDataset[];
  readonly total: DatasetCounts & { readonly pending: number; readonly written: number };
}

/** The stored form of a labelled event, or undefined while it is pending. */
export function toTrainingSample(symbol: string, interval: Interval, e: LabelledEvent, schemaHash: string, specHash: string): TrainingSample | undefined {
  if (e.outcome === undefined) return undefined;
  return {
    symbol, interval, time: e.time, schemaHash, labelSpecHash: specHash, features: e.features, direction: e.direction,
    entryPrice: e.close, atr: e.atr, level: e.level, beyondAtr: e.beyondAtr, outcome: e.outcome,
  };
}

/**
 * Builds the labelled data set: each symbol's stored bars are streamed through the FeatureEngine, the ATR
 * and the labeler (non-warm bars are never events; events whose horizon runs past the data end are pending
 * and skipped), and the final samples are upserted under the spec's hash, one transaction per symbol.
 * Idempotent: a rebuild over the same bars writes nothing.
 * @throws RangeError when the spec is invalid or pins another feature schema than `featureParams` give.
 */
export function buildDataset(stores: DatasetStores, symbols: readonly string[], spec: LabelSpec, options: DatasetOptions = {}): DatasetReport {
  assertValidLabelSpec(spec);
  const params = options.featureParams ?? DEFAULT_FEATURE_PARAMS;
  const schemaHash = featureSchemaHash(buildFeatureSchema(params));
  if (schemaHash !== spec.featureSchemaHash) {
    throw new RangeError(`label spec pins feature schema ${spec.featureSchemaHash.slice(0, 12)} but the features are computed under ${schemaHash.slice(0, 12)}: rebuild the spec for these features`);
  }
  const specHash = labelSpecHash(spec);
  const interval = options.interval ?? '1d';
  const per: SymbolDataset[] = [];
  for (const symbol of symbols) {
    const bars = stores.bars.query({ symbol, interval, ...(options.to === undefined ? {} : { to: options.to }) });
    const labels = labelSeries(bars, spec, { featureParams: params, ...(options.from === undefined ? {} : { from: options.from }) });
    const samples: TrainingSample[] = [];
    for (const e of labels.events) {
      const s = toTrainingSample(symbol, interval, e, schemaHash, specHash);
      if (s !== undefined) samples.push(s);
    }
    const written = stores.samples.upsert(spec, samples);
    const row: SymbolDataset = {
      symbol, barsRead: labels.barsRead, pending: labels.events.length - samples.length, written, rejectedBars: labels.rejected, ...datasetCounts(samples),
    };
    per.push(labels.firstRejection === undefined ? row : { ...row, firstRejection: labels.firstRejection });
  }
  const sum = (f: (s: SymbolDataset) => number): number => per.reduce((a, s) => a + f(s), 0);
  const total = {
    events: sum((s) => s.events), successes: sum((s) => s.successes), stops: sum((s) => s.stops), timeouts: sum((s) => s.timeouts),
    up: sum((s) => s.up), upSuccesses: sum((s) => s.upSuccesses), down: sum((s) => s.down), downSuccesses: sum((s) => s.downSuccesses),
    pending: sum((s) => s.pending), written: sum((s) => s.written),
  };
  return { labelSpecHash: specHash, symbols: per, total };
}
