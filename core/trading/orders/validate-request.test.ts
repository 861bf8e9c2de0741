import { describe, expect, it } from 'vitest';
import { price } from '../../market/units.js';
import { validateOrderRequest } from './validate-request.js';

const noPrice = (): undefined => undefined;
const at100 = (): ReturnType<typeof price> => price(100);

describe('validateOrderRequest', () => {
  it('builds the request with its keys in the type order whatever the input order, dropping unknown ones', () => {
    const input = {
      evil: 1,
      origin: { modelId: 'm1', kind: 'proposal', predictionId: 's1', proposalId: 'p1', extra: true },
      reduceOnly: false,
      timeInForce: 'day',
      stopPrice: 99,
      limitPrice: 98,
      quantity: 5,
      type: 'stop_limit',
      side: 'sell',
      symbol: 'AAA',
      clientOrderId: 'c1',
    };
    const r = validateOrderRequest(input, noPrice);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Key order reaches JSON (contract messages, kept files): it must not depend on how a field was added.
    expect(JSON.stringify(r.value)).toBe(
      '{"clientOrderId":"c1","symbol":"AAA","side":"sell","type":"stop_limit","quantity":5,"limitPrice":98,"stopPrice":99,"timeInForce":"day","origin":{"kind":"proposal","proposalId":"p1","predictionId":"s1","modelId":"m1"}}',
    );
  });

  it('keeps reduceOnly only when true and puts a bracket last', () => {
    const reduce = validateOrderRequest({ clientOrderId: 'r', symbol: 'AAA', side: 'sell', type: 'market', quantity: 1, timeInForce: 'gtc', reduceOnly: true, origin: { kind: 'system' } }, noPrice);
    expect(reduce.ok && Object.keys(reduce.value)).toEqual(['clientOrderId', 'symbol', 'side', 'type', 'quantity', 'timeInForce', 'reduceOnly', 'origin']);
    const bracket = { takeProfit: 110, stopLoss: 95 };
    const entry = validateOrderRequest({ bracket, clientOrderId: 'e', symbol: 'AAA', side: 'buy', type: 'market', quantity: 1, timeInForce: 'gtc', origin: { kind: 'manual' } }, at100);
    expect(entry.ok && JSON.stringify(entry.value)).toBe(
      '{"clientOrderId":"e","symbol":"AAA","side":"buy","type":"market","quantity":1,"timeInForce":"gtc","origin":{"kind":"manual"},"bracket":{"stopLoss":95,"takeProfit":110}}',
    );
  });

  it('gives market and priced orders, reduce-only or not, the keys in the same order (one literal or field by field)', () => {
    const base = { origin: { kind: 'manual' }, timeInForce: 'day', quantity: 3, type: 'market', side: 'buy', symbol: 'AAA', clientOrderId: 'k' };
    const order = ['clientOrderId', 'symbol', 'side', 'type', 'quantity', 'limitPrice', 'stopPrice', 'timeInForce', 'reduceOnly', 'origin'];
    const inputs = [
      base,
      { ...base, side: 'sell', reduceOnly: true },
      { ...base, reduceOnly: false },
      { ...base, type: 'limit', limitPrice: 99 },
      { ...base, type: 'stop', stopPrice: 101, side: 'sell', reduceOnly: true },
      { ...base, type: 'stop_limit', limitPrice: 99, stopPrice: 101 },
    ];
    for (const input of inputs) {
      const r = validateOrderRequest(input, at100);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const keys = Object.keys(r.value);
      expect(keys).toEqual(order.filter((k) => k in r.value));
      // Every given field kept, reduceOnly only when true.
      expect(JSON.stringify(r.value)).toBe(JSON.stringify(Object.fromEntries(keys.map((k) => [k, (input as Record<string, unknown>)[k]]))));
      expect('reduceOnly' in r.value).toBe((input as { reduceOnly?: boolean }).reduceOnly === true);
    }
  });

  it('takes an id or symbol as text exactly when trimming leaves something (ASCII, Unicode spaces, controls)', () => {
    const samples = ['', ' ', '   ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', '\u3000', ' a', '\u00a0b', 'a', '~', '!x', '\u007f', '\u0000', 'é', '\u3000x'];
    for (const text of samples) {
      const r = validateOrderRequest({ clientOrderId: 'ok', symbol: text, side: 'buy', type: 'market', quantity: 1, timeInForce: 'day', origin: { kind: 'manual' } }, noPrice);
      expect([text, r.ok]).toEqual([text, text.trim().length > 0]);
      const id = validateOrderRequest({ clientOrderId: text, symbol: 'AAA', side: 'buy', type: 'market', quantity: 1, timeInForce: 'day', origin: { kind: 'manual' } }, noPrice);
      expect([text, id.ok]).toEqual([text, text.trim().length > 0]);
    }
  });

  it('refuses a market bracket entry with no last price to check it against, naming the symbol', () => {
    const r = validateOrderRequest({ clientOrderId: 'e', symbol: 'NEW', side: 'buy', type: 'market', quantity: 1, timeInForce: 'gtc', origin: { kind: 'manual' }, bracket: { stopLoss: 95, takeProfit: 110 } }, noPrice);
    expect(r).toEqual({ ok: false, error: 'no last price for NEW to check the bracket of a market entry against' });
  });
});
