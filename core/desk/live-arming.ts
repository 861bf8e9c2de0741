import { ALPACA_LIVE, ALPACA_PAPER } from '../adapters/alpaca/endpoints.js';
import { LIVE_ARM_PHRASE, type BrokerAccount, type BrokerMode } from '../contract/requests/broker-requests.js';
import type { Clock } from '../time/clock.js';
import { err, ok, type Result } from '../util/result.js';

/**
 * Which endpoint orders go to and whether live trading is armed. Held in memory only, on purpose: every start
 * is paper and unarmed, and arming lasts until disarmed, a switch of endpoint, live keys cleared, or exit.
 */
export class LiveArming {
  readonly #clock: Clock;
  #endpoint: BrokerAccount = 'paper';
  #armedAt: number | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get armed(): boolean {
    return this.#armedAt !== undefined;
  }

  mode(): BrokerMode {
    const live = this.#endpoint === 'live';
    const armed = this.#armedAt !== undefined;
    return {
      endpoint: this.#endpoint,
      tradingUrl: (live ? ALPACA_LIVE : ALPACA_PAPER).tradingBase,
      armed,
      armedAt: this.#armedAt ?? null,
      summary: !live ? 'Paper trading: orders are simulated, no real money.'
        : armed ? 'LIVE trading is armed: confirmed orders send real money.'
          : 'Live endpoint chosen but not armed: no order is sent until you arm live trading.',
    };
  }

  /** Chooses the endpoint; any switch disarms, so arming always refers to the endpoint the trader sees. */
  setEndpoint(endpoint: BrokerAccount): BrokerMode {
    if (endpoint !== this.#endpoint) this.#armedAt = undefined;
    this.#endpoint = endpoint;
    return this.mode();
  }

  /** Arms live trading for this session, or says what is missing. */
  arm(confirm: string, liveKeysSet: boolean): Result<BrokerMode, string> {
    if (this.#endpoint !== 'live') return err('Choose the live endpoint first: arming applies to live trading only.');
    if (!liveKeysSet) return err('Enter the live account keys in Settings first: there is nothing to trade live with.');
    if (confirm.trim() !== LIVE_ARM_PHRASE) return err(`Type ${LIVE_ARM_PHRASE} exactly to arm live trading.`);
    this.#armedAt ??= this.#clock.now();
    return ok(this.mode());
  }

  disarm(): BrokerMode {
    this.#armedAt = undefined;
    return this.mode();
  }
}
