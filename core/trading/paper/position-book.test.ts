import { describe, expect, it } from 'vitest';
import { PositionBook } from './position-book.js';

describe('PositionBook', () => {
  it('averages the price of fills that add to a position', () => {
    const book = new PositionBook();
    book.apply('AAPL', 'buy', 100, 10);
    book.apply('AAPL', 'buy', 300, 14);
    expect(book.list()).toEqual([{ symbol: 'AAPL', quantity: 400, avgPrice: 13 }]);
  });

  it('keeps the average when reducing and drops a closed position', () => {
    const book = new PositionBook();
    book.apply('AAPL', 'buy', 100, 10);
    book.apply('AAPL', 'sell', 40, 12);
    expect(book.list()).toEqual([{ symbol: 'AAPL', quantity: 60, avgPrice: 10 }]);
    book.apply('AAPL', 'sell', 60, 9);
    expect(book.list()).toEqual([]);
  });

  it('opens the other side at the fill price when a fill crosses through flat', () => {
    const book = new PositionBook();
    book.apply('MSFT', 'sell', 50, 20);
    book.apply('MSFT', 'buy', 80, 18);
    expect(book.list()).toEqual([{ symbol: 'MSFT', quantity: 30, avgPrice: 18 }]);
  });

  it('treats float dust left by fractional fills as flat', () => {
    const book = new PositionBook();
    book.apply('BTC', 'buy', 0.1, 10);
    book.apply('BTC', 'buy', 0.2, 10);
    book.apply('BTC', 'sell', 0.3, 11);
    expect(book.list()).toEqual([]);
  });
});
