import { afterEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../core/contract/feed-schemas.js';
import { LIVE_ARM_PHRASE } from '../../core/contract/requests/broker-requests.js';
import { CREDENTIAL_ENV, EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { createDeskHost, type DeskHost } from '../../core/desk/desk-host.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { withBrokerAccount } from '../../electron/broker-account-ipc.js';
import { NOT_ARMED_REFUSAL, RelayedArming } from '../../electron/engine-arming.js';
import { RelayedCredentialVault } from '../../electron/engine-credentials.js';
import { takeRelayed, type ToEngine } from '../../electron/engine-messages.js';
import type { EngineClient } from '../../electron/engine-process.js';
import { REPLICA_KEYS, REPLICA_PAPER_ENV, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import { calmTruthBar } from '../support/alpaca-replica/bar-truth.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { TradingPart } from '../support/alpaca-replica/trading-part.js';

// A Saturday, outside US market hours, as in alpaca-desk-orders: the stale-quote rule stays out of the way.
const T0 = Date.UTC(2024, 2, 2, 14, 30);
const MINUTE = 60_000;
const HISTORY = 120;
const KEYS_ENV = { ...REPLICA_PAPER_ENV, [CREDENTIAL_ENV.live.keyId]: REPLICA_KEYS.keyId, [CREDENTIAL_ENV.live.secretKey]: REPLICA_KEYS.secretKey };
const PAPER_DATA: FeedConfig = { kind: 'alpaca', account: 'paper', symbols: ['ACME'] };
const LIVE_ORDERS: FeedConfig = { kind: 'alpaca', account: 'live', symbols: ['ACME'], broker: 'alpaca' };

/** The engine entry's handling of the main process's relayed messages (engine-entry.ts calls the same takeRelayed). */
function engineSide(arming: RelayedArming): (message: ToEngine) => void {
  const credentials = new RelayedCredentialVault();
  return (message) => {
    takeRelayed(message, { credentials, arming });
  };
}

/** The main process's broker-account requests, relaying arming over `post` as main.ts does. */
function mainSide(post: (message: ToEngine) => void): EngineClient {
  const engine: EngineClient = { invoke: () => Promise.reject(new Error('not an account request')), onStream: () => undefined, stop: () => Promise.resolve() };
  return withBrokerAccount(engine, new EnvCredentialVault(KEYS_ENV), new ManualClock(T0), (armed) => post({ type: 'arming', armed })).client;
}

describe('desktop live arming: held by the main process, relayed to the engine, per session', () => {
  const temp = makeTempDir('engine-arming-');
  let replica: AlpacaReplica | undefined;
  let host: DeskHost | undefined;
  let trading: TradingPart;

  afterEach(async () => {
    await host?.close();
    host = undefined;
    await replica?.close();
    replica = undefined;
    temp.remove();
  });

  async function engineDesk(arming: RelayedArming, feed: FeedConfig = PAPER_DATA): Promise<DeskHost> {
    if (replica === undefined) {
      trading = new TradingPart(REPLICA_KEYS);
      replica = await startAlpacaReplica({ extraParts: [trading] });
      for (let i = 0; i < HISTORY; i++) replica.truth.put(calmTruthBar('ACME', T0, i));
    }
    // The engine's options exactly as engine-entry.ts passes them.
    host = await createDeskHost({
      dbFile: temp.file('desk.db'), clock: new ManualClock(T0 + HISTORY * MINUTE), seed: 3, feed,
      credentials: new EnvCredentialVault(KEYS_ENV), alpacaEndpoints: replica.endpoints,
      liveRoutingRefusal: arming.refusal, liveArmed: arming.liveArmed,
    });
    return host;
  }

  it('not armed in main: the engine refuses a live order route with the reason, and the running feed keeps running', async () => {
    const arming = new RelayedArming();
    const h = await engineDesk(arming);
    const refused = await h.invoke('feed.set', { feed: LIVE_ORDERS });
    expect(refused.ok ? '' : refused.error.message).toBe(`Cannot switch the feed: ${NOT_ARMED_REFUSAL}`);
    const running = await h.invoke('feed.get', {});
    expect(running.ok && running.value.running).toMatchObject({ kind: 'alpaca', account: 'paper' });
  });

  it('armed in main: the engine accepts the live order route and a confirmed order reaches the account; disarmed, the next one is rejected unsent with the reason', async () => {
    const arming = new RelayedArming();
    const main = mainSide(engineSide(arming));
    const h = await engineDesk(arming);
    expect((await main.invoke('broker.mode.set', { endpoint: 'live' })).ok).toBe(true);
    expect(arming.liveArmed()).toBe(false);
    expect((await main.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).ok).toBe(true);
    expect(arming.liveArmed()).toBe(true);

    const set = await h.invoke('feed.set', { feed: LIVE_ORDERS });
    expect(set.ok).toBe(true);
    const r = replica;
    if (r === undefined) throw new Error('no replica');
    await pollUntil(() => h.status().feed.state === 'connected' && h.status().feed.held?.length === 0, 'the live feed to catch up');

    const confirmBreakout = async (bar: number, o: number, hi: number, lo: number, c: number): Promise<void> => {
      r.publishBar({ S: 'ACME', t: T0 + bar * MINUTE, o, h: hi, l: lo, c, v: 5_000 * (bar - HISTORY + 1) });
      await pollUntil(() => h.status().db.barsStored === bar + 1, `bar ${bar}`);
      await h.idle();
      const listed = await h.invoke('proposals.list', {});
      const id = listed.ok ? listed.value.pending[0]?.id : undefined;
      if (id === undefined) throw new Error(`no proposal at bar ${bar}`);
      expect((await h.invoke('proposals.confirm', { proposalId: id })).ok).toBe(true);
    };
    await confirmBreakout(HISTORY, 103, 110.5, 102.5, 110);
    await pollUntil(() => trading.orders().length === 1, 'the armed order at the replica');

    expect((await main.invoke('broker.live.disarm', {})).ok).toBe(true);
    expect(arming.liveArmed()).toBe(false);
    await confirmBreakout(HISTORY + 1, 111, 121, 110.5, 120);
    let rejected: (string | null)[] = [];
    await pollUntil(() => {
      void h.invoke('orders.list', {}).then((o) => {
        rejected = o.ok ? o.value.recent.filter((x) => x.status === 'rejected').map((x) => x.reason) : [];
      });
      return rejected.length > 0;
    }, 'the unarmed order to be rejected');
    expect(rejected).toEqual([expect.stringMatching(/live trading is not armed/)]);
    expect(trading.submissions()).toBe(1);
  });

  it('an engine restart starts disarmed: the same live route is refused until main arms the new session', async () => {
    const first = new RelayedArming();
    const main = mainSide(engineSide(first));
    expect((await main.invoke('broker.mode.set', { endpoint: 'live' })).ok).toBe(true);
    expect((await main.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).ok).toBe(true);
    const h = await engineDesk(first, LIVE_ORDERS);
    expect(h.status().feed.name).toMatch(/alpaca/i);
    await h.close();
    host = undefined;

    // The engine process is gone with its memory; the next one starts with a RelayedArming of its own.
    const restarted = new RelayedArming();
    expect(restarted.liveArmed()).toBe(false);
    await expect(engineDesk(restarted, LIVE_ORDERS)).rejects.toThrow(NOT_ARMED_REFUSAL);
  });
});
