import { describe, expect, it } from 'vitest';
import { routesToChallenger } from './traffic-split.js';

const DAY = 86_400_000;

describe('challenger traffic split', () => {
  it('sends about its share of symbol-days, the same way every time and for a whole day', () => {
    let hits = 0;
    let total = 0;
    for (const s of ['AAPL', 'MSFT', 'XOM', 'SPY', 'GE']) {
      for (let d = 0; d < 400; d++) {
        const a = routesToChallenger(s, d * DAY, 0.1);
        expect(routesToChallenger(s, d * DAY + 3_600_000, 0.1)).toBe(a);
        hits += a ? 1 : 0;
        total++;
      }
    }
    expect(hits / total).toBeGreaterThan(0.08);
    expect(hits / total).toBeLessThan(0.12);
  });

  it('sends nothing at share 0 and everything at share 1', () => {
    expect(routesToChallenger('AAPL', 0, 0)).toBe(false);
    expect(routesToChallenger('AAPL', 0, 1)).toBe(true);
  });
});
