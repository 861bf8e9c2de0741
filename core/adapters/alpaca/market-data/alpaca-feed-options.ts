import type { Interval } from '../../../market/interval.js';
import type { EpochMs } from '../../../market/units.js';
import type { Bar } from '../../../market/bar.js';
import type { Clock } from '../../../time/clock.js';
import type { AlpacaCredentialsSource, AlpacaEndpoints, AlpacaHistoryFeed, AlpacaStreamFeed } from '../endpoints.js';
import type { FetchLike } from './rest-bars.js';
import type { StreamConnectionOptions } from './stream-connection.js';
import type { StreamChannel } from './subscription.js';

/** Where live and backfilled bars are kept; `BarStore` (core/storage) fits as it is. */
export interface BarSink {
  lastTime(symbol: string, interval: Interval): EpochMs | undefined;
  /** All rows in one transaction, or none. */
  upsert(bars: readonly Bar[]): { readonly written: number };
}

/** The connection's durations and auth mode, passed through unchanged. */
export type Timing = Pick<StreamConnectionOptions,
  'backoffBaseMs' | 'backoffMaxMs' | 'connectionLimitWaitMs' | 'maxConnectionLimitHits' | 'tickMs' | 'heartbeatMs' | 'pongTimeoutMs'
  | 'dataTimeoutMs' | 'handshakeTimeoutMs' | 'closeTimeoutMs' | 'authMode'>;

export interface AlpacaMarketFeedOptions extends Timing {
  readonly endpoints: AlpacaEndpoints;
  readonly streamFeed: AlpacaStreamFeed;
  readonly historyFeed: AlpacaHistoryFeed;
  readonly credentials: AlpacaCredentialsSource;
  readonly clock: Clock;
  /** Uniform [0, 1) for every jitter; seed it for replayable runs. */
  readonly random: () => number;
  readonly store: BarSink;
  /** Channels per symbol. Default: trades, quotes, bars, updatedBars, statuses (corrections come with trades). */
  readonly channels?: readonly StreamChannel[];
  /** With nothing stored yet, the first backfill reaches back this far. Default one day. */
  readonly initialLookbackMs?: number;
  /** A failed backfill is retried after a full-jitter wait from this base. Default 1,000 ms. */
  readonly restRetryBaseMs?: number;
  readonly fetch?: FetchLike;
  readonly pageLimit?: number;
  /** Quotes older than this in market hours hold entries. Default 60,000 ms. */
  readonly staleQuoteMs?: number;
  /** Default: US regular hours in New York time, no holiday calendar. */
  readonly inMarketHours?: (ms: number) => boolean;
  readonly name?: string;
}

export const DEFAULT_CHANNELS: readonly StreamChannel[] = ['trades', 'quotes', 'bars', 'updatedBars', 'statuses'];

/** The timing fields the caller set, so the connection's defaults apply to the rest. */
export function pickTiming(o: AlpacaMarketFeedOptions): Timing {
  const keys = ['backoffBaseMs', 'backoffMaxMs', 'connectionLimitWaitMs', 'maxConnectionLimitHits', 'tickMs', 'heartbeatMs', 'pongTimeoutMs',
    'dataTimeoutMs', 'handshakeTimeoutMs', 'closeTimeoutMs', 'authMode'] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out as Timing;
}
