import { describe, expect, it } from 'vitest';
import { orderProblem } from './order-checks.js';
import { paperOrder } from './testing/paper-fixtures.js';

describe('orderProblem', () => {
  const texts = ['', ' ', '\t\n', '\u00a0', '\u2003\u3000', '\ufeff', '\u2028', ' a', '\ta', 'a', 'ord-1', 'é', '\u00a0x', '~', '\u007f'];

  it('calls an id or symbol empty exactly when trimming leaves nothing', () => {
    for (const text of texts) {
      const blank = text.trim() === '';
      expect([text, orderProblem(paperOrder(text))]).toEqual([text, blank ? 'client order id is empty' : undefined]);
      expect([text, orderProblem(paperOrder('o1', { symbol: text }))]).toEqual([text, blank ? 'symbol is empty' : undefined]);
    }
  });

  it('names the first problem of an order it cannot work', () => {
    expect(orderProblem(paperOrder('o1', { quantity: Number.POSITIVE_INFINITY }))).toBe('quantity must be a positive finite number, got Infinity');
    expect(orderProblem(paperOrder('o1', { type: 'stop_limit', stopPrice: 5 }))).toBe('a stop_limit order needs a positive limit price, got undefined');
  });
});
