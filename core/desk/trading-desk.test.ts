import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamName } from '../contract/names.js';
import type { StreamPayload } from '../contract/streams.js';
import type { ProposalDto } from '../contract/trading-schemas.js';
import { epochMs, quantity } from '../market/units.js';
import { ManualClock } from '../time/manual-clock.js';
import { createDesk, type Desk } from './create-desk.js';
import { breakoutBar, calmBar, calmHistory } from './scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from './scripted-feed.js';

const HISTORY = 100;
let dir: string;
const opened: Desk[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'trading-desk-'));
});

afterEach(async () => {
  for (const desk of opened.splice(0)) await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Harness {
  readonly desk: Desk;
  readonly feed: ScriptedFeed;
  readonly events: { [S in StreamName]?: StreamPayload<S>[] };
}

async function start(clock = new ManualClock(5_000), symbols: readonly string[] = ['ACME']): Promise<Harness> {
  const feed = new ScriptedFeed(symbols.flatMap((symbol) => calmHistory(symbol, HISTORY)));
  const desk = await createDesk({ dbFile: path.join(dir, 'desk.db'), clock, seed: 1, createFeed: scriptedDeskFeed(feed, symbols, HISTORY) });
  opened.push(desk);
  const events: Harness['events'] = {};
  for (const stream of ['prediction', 'proposal', 'order', 'fill', 'denied', 'portfolio'] as const) {
    desk.on(stream, (payload) => {
      const list = (events[stream] ?? []) as unknown[];
      list.push(payload);
      (events as Record<string, unknown[]>)[stream] = list;
    });
  }
  return { desk, feed, events };
}

async function pendingAfterBreakout(h: Harness): Promise<ProposalDto> {
  h.feed.emitBar(breakoutBar('ACME', HISTORY));
  await h.desk.idle();
  const listed = await h.desk.invoke('proposals.list', {});
  if (!listed.ok) throw new Error(listed.error.message);
  const first = listed.value.pending[0];
  if (first === undefined) throw new Error('no pending proposal after the breakout bar');
  return first;
}

describe('the trading desk on a scripted feed', () => {
  it('proposes on a breakout bar and waits for the trader', async () => {
    const h = await start();
    const p = await pendingAfterBreakout(h);
    expect(p).toMatchObject({ symbol: 'ACME', side: 'buy', status: 'pending', modelId: 'baseline', direction: 'UP', kind: 'signal' });
    expect(p.quantity).toBeGreaterThan(0);
    expect(p.stopLoss).toBeLessThan(110);
    expect(p.takeProfit).toBeGreaterThan(110);
    // 30 one-minute bars of market time from the breakout bar's close.
    expect(p.expiresAt - p.createdAt).toBe(30 * 60_000);
    expect(h.events.prediction?.map((e) => [e.symbol, e.time, e.prediction.direction])).toEqual([['ACME', HISTORY * 60_000, 'UP']]);
    expect(h.events.proposal?.map((e) => e.kind)).toEqual(['created']);
    const ml = await h.desk.invoke('ml.breakout', { symbol: 'acme' });
    expect(ml).toMatchObject({ ok: true, value: { symbol: 'ACME', status: 'breakout', time: HISTORY * 60_000, model: 'baseline', reason: null } });
  });

  it('confirm sends the order, the next bar fills it, and the position and portfolio show it', async () => {
    const deskClock = new ManualClock(5_000);
    const h = await start(deskClock);
    const p = await pendingAfterBreakout(h);
    const confirmed = await h.desk.invoke('proposals.confirm', { proposalId: p.id });
    expect(confirmed).toMatchObject({ ok: true, value: { id: p.id, status: 'confirmed', decidedBy: 'trader' } });
    const orders = await h.desk.invoke('orders.list', {});
    if (!orders.ok) throw new Error(orders.error.message);
    const entry = orders.value.open.find((o) => o.leg === 'entry');
    expect(entry).toMatchObject({ symbol: 'ACME', side: 'buy', quantity: p.quantity, proposalId: p.id });

    // Busy enough that the 10% participation cap lets the whole order fill on this bar.
    h.feed.emitBar({ ...calmBar('ACME', HISTORY + 1), volume: quantity(20_000) });
    await h.desk.idle();
    expect(h.events.fill?.map((f) => [f.symbol, f.side, f.quantity])).toEqual([['ACME', 'buy', p.quantity]]);
    const summary = await h.desk.invoke('portfolio.summary', {});
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.value.positions).toEqual([expect.objectContaining({ symbol: 'ACME', quantity: p.quantity })]);
    expect(summary.value.cash).toBeLessThan(100_000 - p.quantity * 90);
    expect(summary.value.equityCurve.length).toBeGreaterThan(0);
    // The portfolio stream is throttled on the desk clock: the latest state follows once the window passes.
    const sent = h.events.portfolio?.length ?? 0;
    deskClock.advanceBy(250);
    expect(h.events.portfolio?.length).toBe(sent + 1);
    expect(h.events.portfolio?.at(-1)?.positions).toEqual([expect.objectContaining({ symbol: 'ACME', quantity: p.quantity })]);
    const after = await h.desk.invoke('orders.list', {});
    expect(after.ok && after.value.recent.find((o) => o.clientOrderId === entry?.clientOrderId)?.status).toBe('filled');
  });

  it('rejects with the trader’s reason and refuses a second decision', async () => {
    const h = await start();
    const p = await pendingAfterBreakout(h);
    const rejected = await h.desk.invoke('proposals.reject', { proposalId: p.id, reason: 'earnings tomorrow' });
    expect(rejected).toMatchObject({ ok: true, value: { status: 'rejected', decisionReason: 'earnings tomorrow' } });
    expect(await h.desk.invoke('proposals.confirm', { proposalId: p.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const listed = await h.desk.invoke('proposals.list', {});
    expect(listed.ok && [listed.value.pending.length, listed.value.recent.map((r) => r.id)]).toEqual([0, [p.id]]);
    expect(await h.desk.invoke('proposals.reject', { proposalId: p.id, reason: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('with the kill switch on, a confirm is refused with rule kill-switch and the proposal stays pending', async () => {
    const h = await start();
    const p = await pendingAfterBreakout(h);
    const on = await h.desk.invoke('risk.killSwitch.set', { on: true, reason: 'news halt' });
    expect(on).toMatchObject({ ok: true, value: { on: true, scopes: ['global'] } });
    const refused = await h.desk.invoke('proposals.confirm', { proposalId: p.id });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('order-denied');
    expect(refused.error.rule?.ruleId).toBe('kill-switch');
    expect(h.events.denied?.map((d) => d.ruleId)).toEqual(['kill-switch']);
    expect(h.events.proposal?.map((e) => e.kind)).toEqual(['created', 'confirm-refused']);
    const listed = await h.desk.invoke('proposals.list', {});
    expect(listed.ok && listed.value.pending.map((x) => x.id)).toEqual([p.id]);
    await h.desk.invoke('risk.killSwitch.set', { on: false, reason: 'resumed' });
    expect(await h.desk.invoke('proposals.confirm', { proposalId: p.id })).toMatchObject({ ok: true, value: { status: 'confirmed' } });
  });

  it('edits quantity within limits and refuses an edit that breaks the bracket', async () => {
    const h = await start();
    const p = await pendingAfterBreakout(h);
    expect(await h.desk.invoke('proposals.edit', { proposalId: p.id, quantity: 10 })).toMatchObject({ ok: true, value: { quantity: 10, edits: 1 } });
    expect(await h.desk.invoke('proposals.edit', { proposalId: p.id, stopLoss: 200 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await h.desk.invoke('proposals.edit', { proposalId: 'nope', quantity: 1 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('expires an unanswered proposal after its TTL in market time, not wall time', async () => {
    const h = await start();
    const p = await pendingAfterBreakout(h);
    for (let i = 1; i <= 29; i++) h.feed.emitBar(calmBar('ACME', HISTORY + i));
    await h.desk.idle();
    expect((await h.desk.invoke('proposals.list', {})).ok && h.events.proposal?.map((e) => e.kind)).toEqual(['created']);
    h.feed.emitBar(calmBar('ACME', HISTORY + 30));
    await h.desk.idle();
    expect(h.events.proposal?.map((e) => [e.kind, e.proposal.id])).toEqual([['created', p.id], ['expired', p.id]]);
  });

  it('cancels a working order and refuses to cancel one twice', async () => {
    const h = await start();
    const p = await pendingAfterBreakout(h);
    const confirmed = await h.desk.invoke('proposals.confirm', { proposalId: p.id });
    const id = confirmed.ok ? confirmed.value.clientOrderId : null;
    if (id === null) throw new Error('no order');
    expect(await h.desk.invoke('orders.cancel', { clientOrderId: id })).toMatchObject({ ok: true, value: { clientOrderId: id } });
    h.feed.emitBar(calmBar('ACME', HISTORY + 1));
    await h.desk.idle();
    expect(h.events.fill ?? []).toEqual([]);
    expect(await h.desk.invoke('orders.cancel', { clientOrderId: id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await h.desk.invoke('orders.cancel', { clientOrderId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('reads and updates limits and automation, refusing an inconsistent limit set', async () => {
    const h = await start();
    expect(await h.desk.invoke('automation.get', {})).toEqual({ ok: true, value: { policy: {}, servingModelId: 'baseline', proposalTtlMs: 30 * 60_000 } });
    const rule = { enabled: true, minConfidence: 0, maxPositionWeight: 0.2 };
    expect(await h.desk.invoke('automation.set', { policy: { byModel: { baseline: rule } } })).toMatchObject({ ok: true, value: { policy: { byModel: { baseline: rule } } } });
    // Automation on for the baseline: the breakout is confirmed without the trader.
    const p = await pendingAfterBreakoutOrDecided(h);
    expect(p).toMatchObject({ status: 'confirmed', decidedBy: 'automation' });
    const limits = await h.desk.invoke('risk.limits.get', {});
    expect(limits.ok && limits.value.maxOrderQuantity).toBe(1_000);
    expect(await h.desk.invoke('risk.limits.update', { patch: { maxOrderQuantity: 50 } })).toMatchObject({ ok: true, value: { maxOrderQuantity: 50 } });
    expect(await h.desk.invoke('risk.limits.update', { patch: { accountType: 'cash', marginMultiplier: 2 } })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(await h.desk.invoke('risk.limits.get', {})).toMatchObject({ ok: true, value: { maxOrderQuantity: 50, accountType: 'margin' } });
  });

  it('answers the ML requests: models, sentiment, the risk sizing (the vol-target baseline standing in for the risk model) and batch breakout', async () => {
    const h = await start();
    expect(await h.desk.invoke('ml.models', {})).toMatchObject({
      ok: true,
      value: { breakout: { version: 'baseline', source: 'baseline', health: 'fallback', interval: '1m' }, risk: { source: 'baseline', sizer: 'baseline:vol-target-atr' } },
    });
    expect(await h.desk.invoke('ml.sentiment', { symbol: 'ACME' })).toMatchObject({ ok: true, value: { symbol: 'ACME', newsCount: 0, sentimentSource: 'none' } });
    expect(await h.desk.invoke('ml.sentiment', { symbol: 'ZZZ' })).toMatchObject({ ok: true, value: { overallSentiment: null } });
    const risk = await h.desk.invoke('ml.risk', { portfolioId: 'paper', symbol: 'ACME' });
    if (!risk.ok) throw new Error(risk.error.message);
    expect(risk.value).toMatchObject({ method: 'baseline', sizer: 'baseline:vol-target-atr', fallbackReason: 'the risk model was trained on 1d bars and this desk trades 1m bars' });
    expect(risk.value.baseline?.quantity).toBe(risk.value.quantity);
    expect(risk.value.state?.positionDetails.symbol).toBe('ACME');
    expect(risk.value.recommendedPosition).toBeGreaterThan(0);
    expect(risk.value.recommendedPosition).toBeLessThanOrEqual(20);
    expect(risk.value.stopLoss).toBeLessThan(risk.value.takeProfit ?? 0);
    expect(await h.desk.invoke('ml.risk', { portfolioId: 'live', symbol: 'ACME' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await h.desk.invoke('ml.risk', { portfolioId: 'paper', symbol: 'ZZZ' })).toMatchObject({ ok: true, value: { quantity: 0, reason: 'no bars of ZZZ seen yet' } });
    const batch = await h.desk.invoke('ml.batchBreakout', { symbols: ['ACME', 'ZZZ'] });
    expect(batch.ok && batch.value.map((b) => [b.symbol, b.status, b.prediction])).toEqual([['ACME', 'quiet', null], ['ZZZ', 'unknown-symbol', null]]);
  });
});

describe('a restart on the same database', () => {
  it('expires proposals left pending, cancels orders the new paper broker never had, and keeps the position', async () => {
    const clock = new ManualClock(5_000);
    const first = await start(clock, ['ACME', 'BOLT']);
    const held = await pendingAfterBreakout(first);
    await first.desk.invoke('proposals.confirm', { proposalId: held.id });
    first.feed.emitBar({ ...calmBar('ACME', HISTORY + 1), volume: quantity(20_000) });
    first.feed.emitBar(breakoutBar('BOLT', HISTORY + 1));
    await first.desk.idle();
    const left = await first.desk.invoke('proposals.list', {});
    // BOLT's signal, and the risk sizer's re-evaluation of the ACME position the calm bar moved against.
    expect(left.ok && left.value.pending.map((p) => [p.kind, p.symbol]).sort()).toEqual([['adjustment', 'ACME'], ['signal', 'BOLT']]);
    await first.desk.close();

    const second = await start(clock, ['ACME', 'BOLT']);
    const listed = await second.desk.invoke('proposals.list', {});
    expect(listed.ok && listed.value.pending).toEqual([]);
    expect(listed.ok && listed.value.recent.find((p) => p.status === 'expired')?.decisionReason).toBe('left pending when the desk last stopped');
    const summary = await second.desk.invoke('portfolio.summary', {});
    expect(summary.ok && summary.value.positions.map((p) => [p.symbol, p.quantity])).toEqual([['ACME', held.quantity]]);
    // The bracket exits of the held position are working again on the new broker.
    const orders = await second.desk.invoke('orders.list', {});
    expect(orders.ok && orders.value.open.map((o) => o.leg).sort()).toEqual(['stop_loss', 'take_profit']);
  });
});

describe('the health stream', () => {
  it('reports the serving model and the fallback reason when the feed state changes', async () => {
    const h = await start();
    const seen: StreamPayload<'health'>[] = [];
    h.desk.on('health', (payload) => seen.push(payload));
    h.feed.setStatus({ state: 'connected', at: epochMs(0) });
    expect(seen).toEqual([expect.objectContaining({ status: 'fallback', at: 5_000, fallback: expect.objectContaining({ active: true }) as unknown })]);
  });
});

async function pendingAfterBreakoutOrDecided(h: Harness): Promise<ProposalDto | undefined> {
  h.feed.emitBar(breakoutBar('ACME', HISTORY));
  await h.desk.idle();
  const listed = await h.desk.invoke('proposals.list', {});
  return listed.ok ? [...listed.value.pending, ...listed.value.recent][0] : undefined;
}
