import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../../market/units.js';
import type { Fill } from '../../order.js';
import { GateMemory } from '../gate-memory.js';
import { T0, makeContext, makeOpenOrder, makeRequest } from '../testing/risk-fixtures.js';
import { reasonOf, runRule } from '../testing/rule-harness.js';
import { dailyLossRule } from './daily-loss-rule.js';
import { duplicateOrderRule } from './duplicate-order-rule.js';
import { killSwitchRule, modelKillSwitchRule } from './kill-switch-rules.js';
import { orderRateRule } from './order-rate-rule.js';
import { stopOutCooldownRule } from './stop-out-cooldown-rule.js';
import { symbolAllowlistRule } from './symbol-allowlist-rule.js';
import { validityRule } from './validity-rule.js';

const at = (ms: number) => epochMs(T0 + ms);
const fill = (over: Partial<Fill> = {}): Fill => ({ id: `f-${Math.random()}`, clientOrderId: 'x', symbol: 'AAPL', side: 'sell', quantity: quantity(10), price: price(95), commission: 0, time: T0, ...over });

describe('kill switches', () => {
  it('refuses while the global switch is on and passes when it is off', () => {
    expect(reasonOf(runRule(killSwitchRule, makeRequest(), undefined, {}, { globalOn: true }))).toBe(
      'kill-switch: the global kill switch is on: only reduce-only orders are accepted until a trader turns it off',
    );
    expect(runRule(killSwitchRule, makeRequest())).toEqual({ ok: true });
  });

  it('refuses only the orders of the switched-off model', () => {
    const fromModel = (modelId: string) => makeRequest({ origin: { kind: 'proposal', modelId } });
    expect(reasonOf(runRule(modelKillSwitchRule, fromModel('nn-1'), undefined, {}, { modelsOn: ['nn-1'] }))).toContain('model nn-1');
    expect(runRule(modelKillSwitchRule, fromModel('svm-2'), undefined, {}, { modelsOn: ['nn-1'] })).toEqual({ ok: true });
    expect(runRule(modelKillSwitchRule, makeRequest(), undefined, {}, { modelsOn: ['nn-1'] })).toEqual({ ok: true });
  });
});

describe('daily loss limit', () => {
  it('passes a loss of exactly 2% of start-of-day equity and refuses $1 more', () => {
    expect(runRule(dailyLossRule, makeRequest(), makeContext({ cash: 98_000 }), {}, { startOfDayEquity: 100_000 })).toEqual({ ok: true });
    expect(reasonOf(runRule(dailyLossRule, makeRequest(), makeContext({ cash: 97_999 }), {}, { startOfDayEquity: 100_000 }))).toBe(
      'daily-loss-limit: loss today $2,001 exceeds the daily loss limit of $2,000 (2% of start-of-day equity $100,000): the kill switch is tripped',
    );
  });

  it('counts unrealised losses (equity marked at the last price)', () => {
    const context = makeContext({ cash: 50_000, held: { AAPL: { quantity: 500, avgPrice: 100 } }, prices: { AAPL: 95.9 } });
    expect(runRule(dailyLossRule, makeRequest(), context, {}, { startOfDayEquity: 100_000 }).ok).toBe(false);
  });

  it('has nothing to compare with before the day start is known', () => {
    expect(runRule(dailyLossRule, makeRequest(), makeContext({ cash: 1 }))).toEqual({ ok: true });
  });
});

describe('symbol allowlist', () => {
  it('with a list, refuses a symbol not on it', () => {
    expect(runRule(symbolAllowlistRule, makeRequest(), undefined, { symbolAllowlist: ['AAPL'] })).toEqual({ ok: true });
    expect(reasonOf(runRule(symbolAllowlistRule, makeRequest({ symbol: 'MSFT' }), undefined, { symbolAllowlist: ['AAPL'] }))).toBe(
      'symbol-not-allowed: MSFT is not on the symbol allowlist (1 symbols); add it in the risk settings to trade it',
    );
  });

  it('when empty, allows only symbols the feed has a price for (a typo is refused)', () => {
    expect(runRule(symbolAllowlistRule, makeRequest({ symbol: 'MSFT' }))).toEqual({ ok: true });
    expect(reasonOf(runRule(symbolAllowlistRule, makeRequest({ symbol: 'APPL' })))).toContain('the feed has no price for APPL');
  });
});

describe('stop-out cooldown', () => {
  const memory = () => {
    const m = new GateMemory();
    m.recordFill(fill({ time: T0 }), 'stop_loss');
    m.recordFill(fill({ symbol: 'MSFT', time: T0 }), 'take_profit');
    return m;
  };

  it('refuses a new entry 29 min after a stop-out and passes at 30 min', () => {
    expect(reasonOf(runRule(stopOutCooldownRule, makeRequest(), makeContext({ now: at(29 * 60_000) }), {}, { memory: memory() }))).toBe(
      'stop-out-cooldown: AAPL stopped out 29 min ago: no new entry for 30 min after a stop-out (1 min left)',
    );
    expect(runRule(stopOutCooldownRule, makeRequest(), makeContext({ now: at(30 * 60_000) }), {}, { memory: memory() })).toEqual({ ok: true });
  });

  it('is not started by a take-profit fill', () => {
    expect(runRule(stopOutCooldownRule, makeRequest({ symbol: 'MSFT' }), makeContext({ now: at(1) }), {}, { memory: memory() })).toEqual({ ok: true });
  });
});

describe('duplicate orders', () => {
  it('refuses a reused client order id, journalled or just submitted', () => {
    expect(reasonOf(runRule(duplicateOrderRule, makeRequest({ clientOrderId: 'a1' }), makeContext({ usedIds: ['a1'] })))).toBe(
      'duplicate-order: client order id a1 was already used: every order needs a new id',
    );
    const memory = new GateMemory();
    memory.recordSubmission(makeRequest({ clientOrderId: 'a2' }), T0);
    expect(runRule(duplicateOrderRule, makeRequest({ clientOrderId: 'a2', quantity: quantity(3) }), makeContext({ now: at(3_600_000) }), {}, { memory }).ok).toBe(false);
  });

  it('refuses a second entry for the same proposal or signal, but not its reduce-only exits', () => {
    const memory = new GateMemory();
    memory.recordSubmission(makeRequest({ origin: { kind: 'proposal', proposalId: 'p1', predictionId: 's1' } }), T0);
    const later = makeContext({ now: at(60_000), held: { AAPL: { quantity: 10, avgPrice: 100 } } });
    expect(reasonOf(runRule(duplicateOrderRule, makeRequest({ quantity: quantity(7), origin: { kind: 'proposal', proposalId: 'p1' } }), later, {}, { memory }))).toBe(
      'duplicate-order: proposal p1 was already submitted: a proposal or signal places one entry',
    );
    expect(reasonOf(runRule(duplicateOrderRule, makeRequest({ quantity: quantity(7), origin: { kind: 'proposal', predictionId: 's1' } }), later, {}, { memory }))).toContain('signal s1');
    const exit = makeRequest({ side: 'sell', type: 'stop', stopPrice: price(95), reduceOnly: true, origin: { kind: 'proposal', proposalId: 'p1' } });
    expect(runRule(duplicateOrderRule, exit, later, {}, { memory })).toEqual({ ok: true });
  });

  it('finds the same proposal among open orders placed before a restart', () => {
    const context = makeContext({ openOrders: [makeOpenOrder({ origin: { kind: 'proposal', proposalId: 'p9' } })] });
    expect(runRule(duplicateOrderRule, makeRequest({ origin: { kind: 'proposal', proposalId: 'p9' } }), context).ok).toBe(false);
  });

  it('takes an identical order within 5 s for a double confirm and lets it through at 5 s', () => {
    const memory = new GateMemory();
    memory.recordSubmission(makeRequest({ clientOrderId: 'first' }), T0);
    expect(reasonOf(runRule(duplicateOrderRule, makeRequest(), makeContext({ now: at(4_999) }), {}, { memory }))).toBe(
      'duplicate-order: an identical buy 10 AAPL (first) went out 4.999 s ago: taken for a double confirm; resend after 5 s if meant',
    );
    expect(runRule(duplicateOrderRule, makeRequest(), makeContext({ now: at(5_000) }), {}, { memory })).toEqual({ ok: true });
    expect(runRule(duplicateOrderRule, makeRequest({ quantity: quantity(11) }), makeContext({ now: at(1) }), {}, { memory })).toEqual({ ok: true });
  });
});

describe('order rate', () => {
  const memoryWith = (count: number) => {
    const m = new GateMemory();
    for (let i = 0; i < count; i += 1) m.recordSubmission(makeRequest(), at(i * 1_000));
    return m;
  };

  it('passes the 20th order in a minute and refuses the 21st', () => {
    expect(runRule(orderRateRule, makeRequest(), makeContext({ now: at(30_000) }), {}, { memory: memoryWith(19) })).toEqual({ ok: true });
    expect(reasonOf(runRule(orderRateRule, makeRequest(), makeContext({ now: at(30_000) }), {}, { memory: memoryWith(20) }))).toBe(
      'order-rate: 20 orders in the last minute reach the limit of 20 per minute: next order in 30 s',
    );
  });

  it('slides: the first order leaves the window after 60 s', () => {
    expect(runRule(orderRateRule, makeRequest(), makeContext({ now: at(60_000) }), {}, { memory: memoryWith(20) })).toEqual({ ok: true });
  });
});

describe('order validity', () => {
  const invalid = (over: Parameters<typeof makeRequest>[0], context = makeContext()) => reasonOf(runRule(validityRule, makeRequest(over), context));

  it('refuses malformed orders with the field to fix', () => {
    expect(invalid({ quantity: quantity(0) })).toBe('invalid-order: quantity 0 is not a positive number of shares');
    expect(invalid({ quantity: quantity(Number.NaN) })).toContain('not a positive number');
    expect(invalid({ type: 'limit' })).toBe('invalid-order: a limit order needs a positive limit price');
    expect(invalid({ limitPrice: price(10) })).toBe('invalid-order: a market order takes no limit price');
    expect(invalid({ type: 'stop_limit', limitPrice: price(10) })).toBe('invalid-order: a stop_limit order needs a positive stop price');
    expect(invalid({ stopPrice: price(10) })).toBe('invalid-order: a market order takes no stop price');
    expect(invalid({ clientOrderId: '' })).toBe('invalid-order: the order has no client order id');
    expect(invalid({ symbol: '' })).toBe('invalid-order: the order names no symbol');
  });

  it('checks bracket prices are on the right sides', () => {
    expect(invalid({ bracket: { stopLoss: price(95), takeProfit: price(110) } })).toBe('passed');
    expect(invalid({ bracket: { stopLoss: price(110), takeProfit: price(95) } })).toContain('needs its stop-loss below its take-profit');
    expect(invalid({ side: 'sell', bracket: { stopLoss: price(95), takeProfit: price(110) } })).toContain('above');
    expect(invalid({ bracket: { stopLoss: price(-1), takeProfit: price(95) } })).toContain('must be positive');
  });

  it('refuses a reduce-only order that would grow or flip the position', () => {
    const long = makeContext({ held: { AAPL: { quantity: 100, avgPrice: 100 } } });
    expect(invalid({ side: 'sell', quantity: quantity(100), reduceOnly: true }, long)).toBe('passed');
    expect(invalid({ side: 'sell', quantity: quantity(101), reduceOnly: true }, long)).toBe(
      'invalid-order: reduce-only sell 101 AAPL would not only reduce the position of 100: send at most 100 on the sell side',
    );
    expect(invalid({ side: 'buy', reduceOnly: true }, long)).toContain('would not only reduce');
    expect(invalid({ side: 'buy', reduceOnly: true })).toContain('position of 0');
    expect(invalid({ side: 'sell', quantity: quantity(100), reduceOnly: true, bracket: { stopLoss: price(110), takeProfit: price(90) } }, long)).toContain('cannot carry a bracket');
  });
});
