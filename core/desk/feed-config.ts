import { ALPACA_LIVE, ALPACA_PAPER, type AlpacaEndpoints } from '../adapters/alpaca/endpoints.js';
import type { FeedConfig, StoredSeries } from '../contract/feed-schemas.js';
import { ReplayFeed } from '../feeds/replay/replay-feed.js';
import type { Interval } from '../market/interval.js';
import { epochMs } from '../market/units.js';
import type { BarStore } from '../storage/bar-store.js';
import { AlpacaKeysError, alpacaDeskFeed } from './alpaca-desk-feed.js';
import { CREDENTIAL_ENV, type CredentialVault } from './credential-vault.js';
import type { DeskFeedFactory } from './desk-feed.js';
import { simulatorFeed } from './simulator-feed.js';

/** Bars of a replayed series kept as the chart's history when no `from` is given, at most. */
export const REPLAY_HISTORY_BARS = 250;

/**
 * Why `config` cannot run on what is stored, or undefined when it can: a replay needs bars of every
 * symbol at its interval. Checked before the running feed is touched, so a refusal changes nothing.
 */
export function feedConfigProblem(config: FeedConfig, stored: readonly StoredSeries[], credentials?: CredentialVault): string | undefined {
  if (config.kind === 'simulator') return undefined;
  if (config.kind === 'alpaca') return credentials === undefined ? undefined : missingKeysProblem(config.account, credentials);
  const missing = config.symbols.filter((s) => !stored.some((x) => x.symbol === s.toUpperCase() && x.interval === config.interval && x.bars > 0));
  if (missing.length === 0) return undefined;
  const have = stored.filter((x) => x.interval === config.interval).map((x) => x.symbol);
  return `no stored ${config.interval} bars for ${missing.join(', ')}; import a CSV first` +
    (have.length === 0 ? '.' : ` or pick from the stored ${config.interval} series: ${have.join(', ')}.`);
}

/**
 * Why an Alpaca feed cannot start for lack of keys, naming where to enter them (the desktop's Settings, or the
 * environment of a headless desk), or undefined when `account`'s keys are there. Never says more than whether
 * they are set.
 */
export function missingKeysProblem(account: 'paper' | 'live', credentials: CredentialVault): string | undefined {
  if (credentials.read(account) !== undefined) return undefined;
  const env = CREDENTIAL_ENV[account];
  return `no ${account} Alpaca keys are stored: enter them in Settings → Broker (desktop), or start a headless desk with ${env.keyId} and ${env.secretKey} set`;
}

/** What an Alpaca feed needs from the desk besides its config. */
export interface AlpacaFeedContext {
  readonly credentials: CredentialVault;
  /** Overrides the account's endpoints (tests point them at the loopback replica). */
  readonly endpoints?: AlpacaEndpoints;
}

/** The endpoints of an Alpaca feed config: the override, else the account's own. */
export function alpacaEndpointsFor(account: 'paper' | 'live', context: Pick<AlpacaFeedContext, 'endpoints'>): AlpacaEndpoints {
  return context.endpoints ?? (account === 'live' ? ALPACA_LIVE : ALPACA_PAPER);
}

/** The factory that runs `config`; an Alpaca config needs `alpaca` (where its keys come from). */
export function deskFeedFor(config: FeedConfig, alpaca?: AlpacaFeedContext): DeskFeedFactory {
  if (config.kind === 'simulator') return simulatorFeed(config.interval === undefined ? {} : { interval: config.interval });
  const symbols = [...new Set(config.symbols.map((s) => s.toUpperCase()))];
  if (config.kind === 'alpaca') {
    if (alpaca === undefined) throw new Error('an Alpaca feed needs the desk credentials to read its keys from');
    const problem = missingKeysProblem(config.account, alpaca.credentials);
    // Checked before any socket opens: a desk without keys refuses with where to enter them, not a stream error.
    if (problem !== undefined) throw new AlpacaKeysError(problem);
    const feed = config.dataFeed ?? 'iex';
    return alpacaDeskFeed({
      vault: alpaca.credentials, account: config.account, symbols,
      endpoints: alpacaEndpointsFor(config.account, alpaca), streamFeed: feed, historyFeed: feed,
    });
  }
  return ({ clock, store }) => {
    const from = config.from ?? defaultReplayStart(store, symbols, config.interval);
    const feed = new ReplayFeed({
      source: store,
      clock,
      speed: config.speed,
      ...(from === undefined ? {} : { from: epochMs(from) }),
      name: `replay ${symbols.join(',')}`,
    });
    return { feed, symbols, interval: config.interval, historyBars: REPLAY_HISTORY_BARS };
  };
}

/**
 * Where a replay starts when the trader gives no date: after half of the stored bars (at most
 * REPLAY_HISTORY_BARS), so the chart opens with history and the session has bars left to trade on.
 * For several symbols the latest such start, so each has its history.
 */
export function defaultReplayStart(store: Pick<BarStore, 'query' | 'count'>, symbols: readonly string[], interval: Interval): number | undefined {
  let start: number | undefined;
  for (const symbol of symbols) {
    const count = store.count(symbol, interval);
    const keep = Math.min(REPLAY_HISTORY_BARS, Math.floor(count / 2));
    if (keep === 0) continue;
    const first = store.query({ symbol, interval }).at(keep);
    if (first !== undefined) start = Math.max(start ?? -Infinity, first.time);
  }
  return start;
}
