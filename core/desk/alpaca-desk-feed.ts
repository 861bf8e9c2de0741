import type { AlpacaCredentialsSource, AlpacaEndpoints, AlpacaHistoryFeed, AlpacaStreamFeed } from '../adapters/alpaca/endpoints.js';
import { ALPACA_PAPER } from '../adapters/alpaca/endpoints.js';
import { AlpacaMarketFeed } from '../adapters/alpaca/market-data/alpaca-market-feed.js';
import type { BrokerAccount } from '../contract/requests/broker-requests.js';
import { seededUniform, subSeed } from '../util/seeded-random.js';
import type { HistoryQuery } from '../feeds/feed.js';
import type { Bar } from '../market/bar.js';
import { CREDENTIAL_ENV, type CredentialVault } from './credential-vault.js';
import type { DeskFeedFactory } from './desk-feed.js';

export interface AlpacaDeskFeedOptions {
  readonly vault: CredentialVault;
  /** Whose keys read the market data; both accounts see the same data. */
  readonly account: BrokerAccount;
  readonly symbols: readonly string[];
  /** Default paper endpoints (the data hosts are the same for both accounts). */
  readonly endpoints?: AlpacaEndpoints;
  /** Default 'iex', the free plan's feed; 'sip' needs a paid plan (else 409 and the feed stops). */
  readonly streamFeed?: AlpacaStreamFeed;
  readonly historyFeed?: AlpacaHistoryFeed;
  /** Minute bars loaded at start for the chart and the features. Default 390 (a session). */
  readonly historyBars?: number;
  /** Default US regular hours; tests pin it so the stale-quote rule does not depend on the wall clock. */
  readonly inMarketHours?: (ms: number) => boolean;
}

/** How far back a desk's first history and backfill reach: four days covers a weekend plus a holiday. */
export const DESK_LOOKBACK_MS = 4 * 86_400_000;

/** Alpaca's keys for an account are missing or refused: the trader's to fix, so a start prints this, not a stack. */
export class AlpacaKeysError extends Error {
  override readonly name = 'AlpacaKeysError';
}

/**
 * The market feed as the desk runs it: a history request Alpaca refuses for the keys (401/403) says which account's
 * keys and where to fix them, since that is the trader's next step; other failures keep the adapter's words.
 */
class DeskAlpacaFeed extends AlpacaMarketFeed {
  readonly #account: BrokerAccount;

  constructor(account: BrokerAccount, options: ConstructorParameters<typeof AlpacaMarketFeed>[0]) {
    super(options);
    this.#account = account;
  }

  override async history(query: HistoryQuery): Promise<readonly Bar[]> {
    try {
      return await super.history(query);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const refused = / answered (401|403)\b/.exec(message)?.[1];
      if (refused === undefined) throw error;
      const env = CREDENTIAL_ENV[this.#account];
      throw new AlpacaKeysError(`Alpaca refused the ${this.#account} keys (HTTP ${refused}) reading ${query.symbol}'s bars: check the key id and secret in Settings → Broker, or ${env.keyId} and ${env.secretKey} on a headless desk`);
    }
  }
}

/** Keys from the vault at each connect; none stored is an error naming where to enter them. */
export function vaultCredentials(vault: CredentialVault, account: BrokerAccount): AlpacaCredentialsSource {
  return () => {
    const keys = vault.read(account);
    if (keys === undefined) throw new Error(`no ${account} Alpaca keys are stored: enter them in Settings → Broker`);
    return keys;
  };
}

/**
 * The desk on Alpaca's live minute bars: a `createFeed` for `createDesk`, storing into the desk's own bar store
 * (so gaps are backfilled from what the desk really has). The backoff jitter is seeded from the desk seed and the
 * start time, so two desks on one account do not retry in step.
 */
export function alpacaDeskFeed(options: AlpacaDeskFeedOptions): DeskFeedFactory {
  return ({ seed, clock, store }) => {
    const feed = new DeskAlpacaFeed(options.account, {
      endpoints: options.endpoints ?? ALPACA_PAPER,
      streamFeed: options.streamFeed ?? 'iex',
      historyFeed: options.historyFeed ?? 'iex',
      credentials: vaultCredentials(options.vault, options.account),
      clock,
      random: seededUniform(subSeed(seed, clock.now() % 2_147_483_647)),
      store,
      // Back over a weekend and a holiday, so a Monday-morning desk starts with the last session's bars, not none.
      initialLookbackMs: DESK_LOOKBACK_MS,
      ...(options.inMarketHours === undefined ? {} : { inMarketHours: options.inMarketHours }),
    });
    return { feed, symbols: options.symbols, interval: '1m', historyBars: options.historyBars ?? 390, gate: feed.gate };
  };
}
