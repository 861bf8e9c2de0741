import { afterEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../core/contract/feed-schemas.js';
import { LIVE_ARM_PHRASE } from '../../core/contract/requests/broker-requests.js';
import { CREDENTIAL_ENV, EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { createDeskHost, type DeskHost } from '../../core/desk/desk-host.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { SqliteLedger } from '../../core/trading/portfolio/sqlite-ledger.js';
import { REPLICA_KEYS, REPLICA_PAPER_ENV, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import { calmTruthBar, type TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { TradingPart } from '../support/alpaca-replica/trading-part.js';

// A Saturday: outside US market hours, so the stale-quote rule stays out of the way (as in alpaca-desk-wiring).
const T0 = Date.UTC(2024, 2, 2, 14, 30);
const MINUTE = 60_000;
const HISTORY = 120;

const breakout: TruthBar = { S: 'ACME', t: T0 + HISTORY * MINUTE, o: 103, h: 110.5, l: 102.5, c: 110, v: 5_000 };
/** `pollUntil` for conditions the desk answers asynchronously (its contract calls). */
async function pollDesk(condition: () => Promise<boolean>, what: string): Promise<void> {
  let met = false;
  const check = (): void => {
    void condition().then((v) => (met = v));
  };
  check();
  await pollUntil(() => {
    if (!met) check();
    return met;
  }, what);
}

/** A process's standing refusal of live order routing (the desktop engine's holds while its app has not armed). */
const NO_LIVE_ROUTE = 'live order routing is refused here: arm live trading first';

const alpacaOrders: FeedConfig = { kind: 'alpaca', account: 'paper', symbols: ['ACME'], broker: 'alpaca' };

describe('the desk on the Alpaca feed routing its orders to the Alpaca paper account (loopback replica)', () => {
  const temp = makeTempDir('alpaca-desk-orders-');
  let replica: AlpacaReplica | undefined;
  let host: DeskHost | undefined;

  afterEach(async () => {
    await host?.close();
    host = undefined;
    await replica?.close();
    replica = undefined;
    temp.remove();
  });

  async function start(trading: TradingPart, feed: FeedConfig, env: Record<string, string> = REPLICA_PAPER_ENV): Promise<DeskHost> {
    if (replica === undefined) {
      replica = await startAlpacaReplica({ extraParts: [trading] });
      for (let i = 0; i < HISTORY; i++) replica.truth.put(calmTruthBar('ACME', T0, i));
    }
    host = await createDeskHost({
      dbFile: temp.file('desk.db'), clock: new ManualClock(T0 + HISTORY * MINUTE), seed: 3, feed,
      credentials: new EnvCredentialVault(env), alpacaEndpoints: replica.endpoints,
    });
    return host;
  }

  /** Publishes the breakout bar and returns the pending proposal the desk made of it. */
  async function proposal(h: DeskHost, r: AlpacaReplica): Promise<string> {
    await pollUntil(() => h.status().feed.state === 'connected' && h.status().feed.held?.length === 0, 'the feed to catch up');
    r.publishBar(breakout);
    await pollUntil(() => h.status().db.barsStored === HISTORY + 1, 'the breakout bar');
    await h.idle();
    const listed = await h.invoke('proposals.list', {});
    const pending = listed.ok ? listed.value.pending : [];
    expect(pending.map((p) => p.symbol)).toEqual(['ACME']);
    return pending[0]?.id ?? '';
  }

  it('a confirmed proposal is one order at Alpaca under its client order id; its fill reaches journal, ledger and portfolio; a restart reconciles without a second order', async () => {
    const trading = new TradingPart(REPLICA_KEYS);
    const h = await start(trading, alpacaOrders);
    const r = replica;
    if (r === undefined) throw new Error('no replica');
    await pollUntil(() => trading.openSockets === 1, 'the trade_updates stream');
    const running = await h.invoke('feed.get', {});
    expect(running.ok && running.value.running).toMatchObject({ kind: 'alpaca', account: 'paper', broker: 'alpaca' });

    const id = await proposal(h, r);
    const confirmed = await h.invoke('proposals.confirm', { proposalId: id });
    expect(confirmed.ok).toBe(true);
    await pollUntil(() => trading.orders().length === 1, 'the entry at the replica');
    const listed = await h.invoke('orders.list', {});
    const entry = listed.ok ? listed.value.open.find((o) => o.leg === 'entry') : undefined;
    if (entry === undefined) throw new Error('no entry order in the journal');
    const [atAlpaca] = trading.orders();
    expect(atAlpaca).toMatchObject({ client_order_id: entry.clientOrderId, symbol: 'ACME', side: 'buy', qty: String(entry.quantity) });
    await pollDesk(async () => {
      const o = await h.invoke('orders.list', {});
      return o.ok && o.value.open.some((x) => x.clientOrderId === entry.clientOrderId && x.status === 'accepted');
    }, 'the entry to be accepted');

    // Alpaca fills it; the trade_updates event is the only way the desk learns of it (no bars move the book).
    trading.fill(entry.clientOrderId, entry.quantity, 110.25);
    await pollDesk(async () => {
      const s = await h.invoke('portfolio.summary', {});
      return s.ok && s.value.positions.some((p) => p.symbol === 'ACME' && p.quantity === entry.quantity);
    }, 'the fill in the portfolio');
    const summary = await h.invoke('portfolio.summary', {});
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.value.cash).toBeCloseTo(100_000 - entry.quantity * 110.25, 6);
    expect(summary.value.positions.map((p) => [p.symbol, p.quantity, p.avgPrice])).toEqual([['ACME', entry.quantity, 110.25]]);
    // The bracket's exits follow the fill as one OCO order at Alpaca (the target, with the stop as its leg).
    const tpId = `${entry.clientOrderId}.tp.1`;
    await pollUntil(() => trading.stopLegOf(tpId) !== undefined, 'the OCO exits');
    // The ATR-sized stop and target are put on Alpaca's cent tick in the direction never worse than the plan.
    expect([trading.orderByClientId(tpId)?.limit_price, trading.stopLegOf(tpId)?.stop_price]).toEqual(['114.21', '107.90']);
    const exits = trading.orderByClientId(tpId);
    const posts = trading.submissions();
    expect(posts).toBe(2);

    // The desk stops; meanwhile Alpaca fills the target. The restarted desk reconciles before it serves anything.
    await h.close();
    host = undefined;
    await pollUntil(() => trading.openSockets === 0, 'the stream to close');
    trading.fill(exits?.client_order_id ?? '', entry.quantity, 121);
    const again = await start(trading, alpacaOrders);
    await pollUntil(() => trading.openSockets === 1, 'the trade_updates stream again');
    const after = await again.invoke('portfolio.summary', {});
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.positions).toEqual([]);
    expect([...trading.positions()]).toEqual([]);
    expect(after.value.cash).toBeCloseTo(100_000 + entry.quantity * (121 - 110.25), 6);
    const orders = await again.invoke('orders.list', {});
    if (!orders.ok) throw new Error(orders.error.message);
    expect(orders.value.open).toEqual([]);
    const byLeg = new Map(orders.value.recent.map((o) => [o.leg, o.status]));
    expect(Object.fromEntries(byLeg)).toEqual({ entry: 'filled', take_profit: 'filled', stop_loss: 'cancelled' });
    // No order was sent again by the restart.
    expect(trading.submissions()).toBe(posts);
    expect(trading.orders()).toHaveLength(3);
    await again.close();
    host = undefined;

    // The ledger on disk: one row per execution at Alpaca, nothing else.
    const db = openDatabase(temp.file('desk.db'));
    try {
      const fills = new SqliteLedger(db).fills();
      expect(fills.map((f) => [f.side, f.quantity, f.price])).toEqual([['buy', entry.quantity, 110.25], ['sell', entry.quantity, 121]]);
      expect(fills).toHaveLength(trading.executions.length);
    } finally {
      db.close();
    }
  });

  it('with the simulated broker (the default), a confirmed proposal never reaches Alpaca', async () => {
    const trading = new TradingPart(REPLICA_KEYS);
    const h = await start(trading, { kind: 'alpaca', account: 'paper', symbols: ['ACME'] });
    const r = replica;
    if (r === undefined) throw new Error('no replica');
    const id = await proposal(h, r);
    expect((await h.invoke('proposals.confirm', { proposalId: id })).ok).toBe(true);
    const listed = await h.invoke('orders.list', {});
    expect(listed.ok && listed.value.open.map((o) => o.leg)).toEqual(['entry']);
    expect([trading.connections, trading.submissions()]).toEqual([0, 0]);
  });

  it('on the live account, orders are rejected unsent until the trader arms the session; armed, the next one reaches Alpaca', async () => {
    const trading = new TradingPart(REPLICA_KEYS);
    const liveEnv = { [CREDENTIAL_ENV.live.keyId]: REPLICA_KEYS.keyId, [CREDENTIAL_ENV.live.secretKey]: REPLICA_KEYS.secretKey };
    const h = await start(trading, { kind: 'alpaca', account: 'live', symbols: ['ACME'], broker: 'alpaca' }, liveEnv);
    const r = replica;
    if (r === undefined) throw new Error('no replica');
    const first = await proposal(h, r);
    expect((await h.invoke('proposals.confirm', { proposalId: first })).ok).toBe(true);
    await pollDesk(async () => {
      const o = await h.invoke('orders.list', {});
      return o.ok && o.value.recent.some((x) => x.status === 'rejected');
    }, 'the unarmed order to be rejected');
    const refused = await h.invoke('orders.list', {});
    expect(refused.ok && refused.value.recent.map((o) => [o.status, o.reason])).toEqual([['rejected', expect.stringMatching(/live trading is not armed/)]]);
    expect(trading.submissions()).toBe(0);

    expect((await h.invoke('broker.mode.set', { endpoint: 'live' })).ok).toBe(true);
    expect((await h.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).ok).toBe(true);
    // Higher again: the first breakout's high (110.5) is now in the range the next one has to clear.
    r.publishBar({ S: 'ACME', t: T0 + (HISTORY + 1) * MINUTE, o: 111, h: 121, l: 110.5, c: 120, v: 10_000 });
    await pollUntil(() => h.status().db.barsStored === HISTORY + 2, 'the second breakout bar');
    await h.idle();
    const listed = await h.invoke('proposals.list', {});
    const second = listed.ok ? listed.value.pending[0]?.id : undefined;
    if (second === undefined) throw new Error('no second proposal');
    expect((await h.invoke('proposals.confirm', { proposalId: second })).ok).toBe(true);
    await pollUntil(() => trading.orders().length === 1, 'the armed order at the replica');
    expect(trading.submissions()).toBe(1);
  });

  it('a process with a live routing refusal (the desktop engine while not armed) refuses a switch to live order routing before the running feed stops', async () => {
    const trading = new TradingPart(REPLICA_KEYS);
    replica = await startAlpacaReplica({ extraParts: [trading] });
    for (let i = 0; i < HISTORY; i++) replica.truth.put(calmTruthBar('ACME', T0, i));
    const env = { ...REPLICA_PAPER_ENV, [CREDENTIAL_ENV.live.keyId]: REPLICA_KEYS.keyId, [CREDENTIAL_ENV.live.secretKey]: REPLICA_KEYS.secretKey };
    const h = await createDeskHost({
      dbFile: temp.file('desktop.db'), clock: new ManualClock(T0 + HISTORY * MINUTE), seed: 3, feed: alpacaOrders,
      credentials: new EnvCredentialVault(env), alpacaEndpoints: replica.endpoints, liveRoutingRefusal: NO_LIVE_ROUTE,
    });
    host = h;
    const refused = await h.invoke('feed.set', { feed: { ...alpacaOrders, account: 'live' } });
    expect(refused.ok ? '' : refused.error.message).toBe(`Cannot switch the feed: ${NO_LIVE_ROUTE}`);
    const running = await h.invoke('feed.get', {});
    expect(running.ok && running.value.running).toMatchObject({ kind: 'alpaca', account: 'paper', broker: 'alpaca' });
    // Data from the live account with simulated fills stays allowed: only live orders need the arming.
    const dataOnly = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'live', symbols: ['ACME'] } });
    expect(dataOnly.ok).toBe(true);
    await expect(createDeskHost({
      dbFile: temp.file('desktop-2.db'), clock: new ManualClock(T0), seed: 3, feed: { ...alpacaOrders, account: 'live' },
      credentials: new EnvCredentialVault(env), alpacaEndpoints: replica.endpoints, liveRoutingRefusal: NO_LIVE_ROUTE,
    })).rejects.toThrow(NO_LIVE_ROUTE);
  });
});
