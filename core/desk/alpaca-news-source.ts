import { ALPACA_PAPER, type AlpacaEndpoints } from '../adapters/alpaca/endpoints.js';
import { AlpacaNewsStream } from '../adapters/alpaca/news/news-stream.js';
import type { BrokerAccount } from '../contract/requests/broker-requests.js';
import type { Clock } from '../time/clock.js';
import { seededUniform, subSeed } from '../util/seeded-random.js';
import { vaultCredentials } from './alpaca-desk-feed.js';
import type { CredentialVault } from './credential-vault.js';

export interface AlpacaNewsSourceOptions {
  readonly vault: CredentialVault;
  /** Whose keys read the news; both accounts see the same stories. */
  readonly account: BrokerAccount;
  readonly clock: Clock;
  /** Seeds the reconnect jitter with the start time, so two desks on one account do not retry in step. */
  readonly seed: number;
  /** Default the paper endpoints (news streams from the market-data host for both accounts). */
  readonly endpoints?: AlpacaEndpoints;
}

/**
 * Alpaca's news stream for `createDesk({ newsSource })`: keys read from the desk's vault at each connect (none
 * stored stops the stream with the reason), stories scored and fed by the desk's NewsDesk.
 */
export function alpacaNewsSource(o: AlpacaNewsSourceOptions): AlpacaNewsStream {
  return new AlpacaNewsStream({
    streamBase: (o.endpoints ?? ALPACA_PAPER).streamBase,
    credentials: vaultCredentials(o.vault, o.account),
    clock: o.clock,
    random: seededUniform(subSeed(o.seed, (o.clock.now() + 1) % 2_147_483_647)),
  });
}
