import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi, DeskResponse, OrderDto, ProposalDto } from '../../core/contract/index.js';
import { useTrading, workingExits } from '../../renderer/src/stores/trading-store.js';

const proposal = (id: string, over: Partial<ProposalDto> = {}): ProposalDto => ({
  id, kind: 'signal', createdAt: 1, expiresAt: 2, symbol: 'ACME', side: 'buy', quantity: 10, entryType: 'market', reduceOnly: false,
  stopLoss: 9, takeProfit: 12, modelId: 'baseline', predictionId: null, direction: 'UP', probability: 0.3, confidence: 0, entry: 10,
  reasons: [], status: 'pending', decidedAt: null, decidedBy: null, decisionReason: null, clientOrderId: null, edits: 0, risk: null, ...over,
});

const order = (id: string, updatedAt: number, status: OrderDto['status'] = 'accepted'): OrderDto => ({
  clientOrderId: id, symbol: 'ACME', side: 'buy', type: 'market', quantity: 10, limitPrice: null, stopPrice: null, timeInForce: 'day',
  status, leg: 'entry', parentId: null, filledQuantity: 0, avgFillPrice: null, createdAt: 0, updatedAt, reason: null, proposalId: null, modelId: null,
});

/** A hand-written desk that answers every call with `reply` and counts calls. */
function stubDesk(reply: DeskResponse<unknown>): DeskApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    invoke: ((name: string) => {
      calls.push(name);
      return Promise.resolve(reply);
    }) as DeskApi['invoke'],
    on: () => () => undefined,
  };
}

beforeEach(() => {
  useTrading.setState({ pending: [], decided: [], problems: {}, busy: {}, orders: [], denials: [], fills: [] });
});

describe('trading store', () => {
  it('keeps a refused confirm on the proposal with its rule, and the proposal pending', async () => {
    useTrading.setState({ pending: [proposal('p1')] });
    const desk = stubDesk({ ok: false, error: { code: 'order-denied', message: 'refused', rule: { ruleId: 'kill-switch', reason: 'the kill switch is on' } } });
    await useTrading.getState().confirm(desk, 'p1');
    expect(useTrading.getState().problems['p1']).toEqual({ message: 'refused', rule: { ruleId: 'kill-switch', reason: 'the kill switch is on' } });
    expect(useTrading.getState().pending.map((p) => p.id)).toEqual(['p1']);
    expect(useTrading.getState().busy).toEqual({});
  });

  it('moves a confirmed proposal from the queue to the decisions and clears its old refusal', async () => {
    useTrading.setState({ pending: [proposal('p1'), proposal('p2')], problems: { p1: { message: 'earlier' } } });
    await useTrading.getState().confirm(stubDesk({ ok: true, value: proposal('p1', { status: 'confirmed' }) }), 'p1');
    const s = useTrading.getState();
    expect(s.pending.map((p) => p.id)).toEqual(['p2']);
    expect(s.decided.map((p) => [p.id, p.status])).toEqual([['p1', 'confirmed']]);
    expect(s.problems).toEqual({});
  });

  it('sends one confirm while one is in flight (a double press)', async () => {
    useTrading.setState({ pending: [proposal('p1')] });
    const desk = stubDesk({ ok: true, value: proposal('p1', { status: 'confirmed' }) });
    await Promise.all([useTrading.getState().confirm(desk, 'p1'), useTrading.getState().confirm(desk, 'p1')]);
    expect(desk.calls).toEqual(['proposals.confirm']);
  });

  it('returns a reject refusal to the dialog and leaves the proposal pending', async () => {
    useTrading.setState({ pending: [proposal('p1')] });
    const problem = await useTrading.getState().reject(stubDesk({ ok: false, error: { code: 'conflict', message: 'already decided' } }), 'p1', 'why');
    expect(problem).toEqual({ message: 'already decided' });
    expect(useTrading.getState().pending.map((p) => p.id)).toEqual(['p1']);
  });

  it('keeps one row per order, the newest state, newest first', () => {
    const { applyOrder } = useTrading.getState();
    applyOrder(order('a', 1));
    applyOrder(order('b', 2));
    applyOrder(order('a', 3, 'filled'));
    expect(useTrading.getState().orders.map((o) => [o.clientOrderId, o.status])).toEqual([['a', 'filled'], ['b', 'accepted']]);
  });

  it('shows a refusal that arrives as a proposal event (automation) on the row', () => {
    useTrading.getState().applyProposalEvent({ kind: 'confirm-refused', proposal: proposal('p9'), reason: 'max-order-quantity: too big' });
    expect(useTrading.getState().pending.map((p) => p.id)).toEqual(['p9']);
    expect(useTrading.getState().problems['p9']).toEqual({ message: 'max-order-quantity: too big' });
  });
});

describe('workingExits', () => {
  it('takes the stop and target of the symbol\'s working bracket legs, ignoring done orders and other symbols', () => {
    const leg = (id: string, l: OrderDto['leg'], status: OrderDto['status'], symbol = 'ACME'): OrderDto => ({ ...order(id, 1, status), leg: l, symbol, stopPrice: 9, limitPrice: 12 });
    const orders = [leg('a', 'stop_loss', 'accepted'), leg('b', 'take_profit', 'accepted'), leg('c', 'take_profit', 'accepted', 'BOLT')];
    expect(workingExits(orders, 'ACME')).toEqual({ stopLoss: 9, takeProfit: 12 });
    expect(workingExits([leg('a', 'stop_loss', 'cancelled'), leg('b', 'take_profit', 'filled')], 'ACME')).toEqual({ stopLoss: undefined, takeProfit: undefined });
  });
});
