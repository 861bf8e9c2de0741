import { afterEach, describe, expect, it } from 'vitest';
import { price, quantity } from '../../core/market/units.js';
import type { OrderRequest } from '../../core/trading/order.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { ledgerPositions, startTradingHarness, type TradingDeskUnderTest, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

const bracketBuy = (clientOrderId: string, qty: number): OrderRequest => ({
  clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: quantity(qty), timeInForce: 'day',
  bracket: { stopLoss: price(95), takeProfit: price(110) }, origin: { kind: 'manual' },
});

async function streaming(desk: TradingDeskUnderTest): Promise<void> {
  desk.market.prices.set('AAPL', 100);
  await pollUntil(() => desk.broker.streamState().phase === 'streaming' && desk.reconciler.runs >= 1, 'the trade_updates stream');
}

describe('Alpaca broker: bracket orders (the desk makes exits from fills, Alpaca gets them as one OCO)', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('entry fills → one OCO at the replica (target limit + stop leg), both exits accepted in the journal; the stop fills → target cancelled, flat', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk();
    await streaming(desk);
    desk.manager.submit(bracketBuy('br-1', 10));
    await desk.broker.idle();
    trading.fill('br-1', 10, 100);
    await pollUntil(() => desk.manager.order('br-1.sl.1')?.status === 'accepted' && desk.manager.order('br-1.tp.1')?.status === 'accepted', 'both exits accepted');

    const oco = trading.orderByClientId('br-1.tp.1');
    const stopLeg = trading.stopLegOf('br-1.tp.1');
    expect(oco).toMatchObject({ order_class: 'oco', type: 'limit', limit_price: '110.00', side: 'sell', qty: '10' });
    expect(stopLeg).toMatchObject({ type: 'stop', stop_price: '95.00', side: 'sell', qty: '10' });
    expect(trading.submissions()).toBe(2);
    expect(desk.manager.order('br-1.sl.1')?.brokerOrderId).toBe(stopLeg?.id);

    trading.fill(stopLeg?.client_order_id ?? '', 10, 94.9);
    await pollUntil(() => desk.manager.order('br-1.tp.1')?.status === 'cancelled', 'the target cancelled by the OCO');
    expect(desk.manager.order('br-1.sl.1')).toMatchObject({ status: 'filled', filledQuantity: 10, avgFillPrice: 94.9 });
    expect(ledgerPositions(desk.manager.ledger.fills())).toEqual(trading.positions());
    expect(trading.positions().size).toBe(0);
    expect(trading.workingOrders()).toHaveLength(0);
  });

  it('a partial target fill: the desk resizes, Alpaca cancels the whole OCO, a new OCO for the rest is sent; then the target fills the rest', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk();
    await streaming(desk);
    desk.manager.submit(bracketBuy('br-2', 10));
    await desk.broker.idle();
    trading.fill('br-2', 10, 100);
    await pollUntil(() => desk.manager.order('br-2.tp.1')?.status === 'accepted', 'the first OCO');
    trading.fill('br-2.tp.1', 4, 110);
    await pollUntil(() => desk.manager.order('br-2.tp.2')?.status === 'accepted' && desk.manager.order('br-2.sl.2')?.status === 'accepted', 'the second OCO');
    await desk.broker.idle();
    // Exactly one OCO works, for the 6 shares still held.
    const working = trading.workingOrders();
    expect(working.map((o) => [o.order_class, o.type, o.qty]).sort()).toEqual([['oco', 'limit', '6'], ['oco', 'stop', '6']]);
    trading.fill('br-2.tp.2', 6, 110.5);
    await pollUntil(() => desk.manager.order('br-2.sl.2')?.status === 'cancelled', 'the second stop cancelled');
    expect(ledgerPositions(desk.manager.ledger.fills())).toEqual(trading.positions());
    expect(trading.positions().size).toBe(0);
  });

  it('restart while the stop leg filled: the new process finds the leg under its parent, journals the fill and the cancelled target', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const first = harness.startDesk();
    await streaming(first);
    first.manager.submit(bracketBuy('br-3', 10));
    await first.broker.idle();
    trading.fill('br-3', 10, 100);
    await pollUntil(() => first.manager.order('br-3.sl.1')?.status === 'accepted', 'the OCO');
    await first.broker.idle();
    first.close();

    trading.fill(trading.stopLegOf('br-3.tp.1')?.client_order_id ?? '', 10, 95);
    const second = harness.startDesk();
    await streaming(second);
    await second.reconciler.settled();
    expect(second.manager.order('br-3.sl.1')).toMatchObject({ status: 'filled', filledQuantity: 10 });
    expect(second.manager.order('br-3.tp.1')?.status).toBe('cancelled');
    expect(second.reconciler.last?.positionMismatches).toEqual([]);
    expect(ledgerPositions(second.manager.ledger.fills())).toEqual(trading.positions());
  });

  it('an OCO answer without its legs: the stop leg is read with nested=true, so its fill is still journalled', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    trading.legsInSubmitAnswer = false;
    const desk = harness.startDesk();
    await streaming(desk);
    desk.manager.submit(bracketBuy('br-4', 10));
    await desk.broker.idle();
    trading.fill('br-4', 10, 100);
    await pollUntil(() => desk.manager.order('br-4.sl.1')?.brokerOrderId !== undefined, 'the stop leg mapped');
    const stopLeg = trading.stopLegOf('br-4.tp.1');
    expect(desk.manager.order('br-4.sl.1')?.brokerOrderId).toBe(stopLeg?.id);
    trading.fill(stopLeg?.client_order_id ?? '', 10, 95);
    await pollUntil(() => desk.manager.order('br-4.sl.1')?.status === 'filled', 'the stop fill journalled');
    expect(ledgerPositions(desk.manager.ledger.fills())).toEqual(trading.positions());
  });
});
