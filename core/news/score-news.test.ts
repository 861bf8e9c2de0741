import { describe, expect, it } from 'vitest';
import { epochMs } from '../market/units.js';
import { headlineImpact } from './news-impact.js';
import { scoreNews } from './score-news.js';

const raw = { id: 'import:1', time: epochMs(1_700_000_000_000), symbols: ['ACME'], source: 'import' } as const;

describe('scoreNews', () => {
  it("gives the headline's score and label when there is no summary", () => {
    const s = scoreNews({ ...raw, headline: 'ACME operating profit rose' });
    expect(s.item.sentiment).toBe(s.headline.score);
    expect(s.label).toBe('positive');
    expect(s.item).toMatchObject({ id: 'import:1', symbols: ['ACME'], source: 'import' });
  });

  it('lets a summary speak for a neutral headline but never overrule a clear one', () => {
    const neutral = scoreNews({ ...raw, headline: 'ACME publishes its quarterly report', summary: 'Net sales increased sharply and the net loss narrowed.' });
    expect(neutral.item.sentiment).toBeGreaterThan(0.3);
    expect(neutral.label).toBe('positive');
    const clear = scoreNews({ ...raw, headline: 'ACME issues profit warning', summary: 'Orders rose.' });
    expect(clear.item.sentiment).toBe(clear.headline.score);
    expect(clear.label).toBe('negative');
  });
});

describe('headlineImpact', () => {
  it('grows with tone strength, a price-moving event word and focus on one symbol, inside 0..1', () => {
    expect(headlineImpact('A quiet day', 0, 10)).toBe(0);
    expect(headlineImpact('ACME earnings', 0, 1)).toBeCloseTo(0.5, 3);
    expect(headlineImpact('ACME earnings', -1, 1)).toBe(1);
    expect(headlineImpact('ACME earnings', 0.4, 2)).toBeGreaterThan(headlineImpact('ACME earnings', 0.4, 5));
  });
});
