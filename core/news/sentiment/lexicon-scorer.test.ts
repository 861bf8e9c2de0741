import { describe, expect, it } from 'vitest';
import { classificationReport } from './classification-metrics.js';
import { DEFAULT_SCORER_SETTINGS, scoreHeadline } from './lexicon-scorer.js';
import { tokenize } from './tokenize.js';

const score = (text: string): number => scoreHeadline(text).score;
const label = (text: string): string => scoreHeadline(text).label;

describe('scoreHeadline', () => {
  it('reads a move by what moved: more profit is good, more loss is bad', () => {
    expect(label('Operating profit rose to EUR 12 mn')).toBe('positive');
    expect(label('Operating profit fell to EUR 8 mn')).toBe('negative');
    expect(label('Net loss widened to EUR 3 mn')).toBe('negative');
    expect(label('Net loss narrowed to EUR 1 mn')).toBe('positive');
    expect(label('Costs decreased by 5 %')).toBe('positive');
  });

  it('binds a move to a quantity after it ("increase in net sales")', () => {
    expect(label('The company reported an increase in net sales')).toBe('positive');
    expect(label('Analysts expect a decline in orders')).toBe('negative');
  });

  it('compares two numbers about one quantity when no move word says it', () => {
    expect(label('EPS stood at EUR0 .11 versus EUR0 .07 .')).toBe('positive');
    expect(label('EPS stood at EUR0 .07 versus EUR0 .11 .')).toBe('negative');
    expect(label('Net sales went from EUR 10 mn to EUR 12 mn')).toBe('positive');
  });

  it('flips and weakens a tone after a negator, including "fails to"', () => {
    expect(score('Margins improved')).toBeGreaterThan(0);
    expect(score('Margins did not improve')).toBeLessThan(0);
    expect(score('The drug fails to win approval')).toBeLessThan(0);
    expect(Math.abs(score('Results were not strong'))).toBeLessThan(Math.abs(score('Results were strong')));
  });

  it('does not treat "no less than" as negation', () => {
    expect(score('Orders of no less than 100 units rose')).toBeGreaterThan(0);
  });

  it('scales the nearest tone with boosters and dampeners', () => {
    const plain = score('Sales rose');
    expect(score('Sales rose sharply')).toBeGreaterThan(plain);
    expect(score('Sales rose slightly')).toBeLessThan(plain);
    expect(score('Sales rose slightly')).toBeGreaterThan(0);
  });

  it('reads phrases as a unit', () => {
    expect(label('Company issues profit warning')).toBe('negative');
    expect(label('The group is back in the black')).toBe('positive');
    expect(label('Results were better than expected')).toBe('positive');
    expect(label('Share capital increased by EUR 1,000')).toBe('neutral');
  });

  it('ignores "up"/"down" that belong to another verb, and "fall" the season', () => {
    expect(label('The firms set up a joint venture')).toBe('neutral');
    expect(label('We have used it since last fall and are very satisfied')).toBe('positive');
    expect(label('The CEO will step down in May')).not.toBe('positive');
  });

  it('keeps every score in [-1, 1] and labels it by the threshold', () => {
    const texts = ['Profit soared dramatically to a record high, beating estimates, upgrade, strong growth', 'Bankruptcy, fraud probe, profit warning, layoffs and losses widened sharply', '', 'The meeting is on Tuesday'];
    for (const t of texts) {
      const r = scoreHeadline(t);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.label).toBe(r.score >= DEFAULT_SCORER_SETTINGS.threshold ? 'positive' : r.score <= -DEFAULT_SCORER_SETTINGS.threshold ? 'negative' : 'neutral');
    }
    expect(scoreHeadline('The meeting is on Tuesday')).toEqual({ score: 0, label: 'neutral', terms: [] });
  });

  it('names the terms a score came from', () => {
    const { moveWeight, bottomLineWeight } = DEFAULT_SCORER_SETTINGS;
    expect(scoreHeadline('Operating profit rose').terms).toEqual([{ text: 'profit … rose', tone: moveWeight * bottomLineWeight }]);
    expect(scoreHeadline('Net sales rose').terms).toEqual([{ text: 'sales … rose', tone: moveWeight }]);
  });

  it('weighs the bottom line above the top line, as an investor reads results', () => {
    expect(label('Operating profit decreased while net sales increased')).toBe('negative');
    expect(label('Operating profit increased while net sales decreased')).toBe('positive');
  });
});

describe('tokenize', () => {
  it('glues split decimals and thousands and skips years in comparisons', () => {
    expect(tokenize('EUR0 .07 and EUR422 ,754').filter((t) => t.kind === 'number').map((t) => t.value)).toEqual([0.07, 422754]);
    expect(label('Sales in 2009 compared with 2008')).toBe('neutral');
  });
});

describe('classificationReport', () => {
  it('computes accuracy and macro-F1 over the three classes', () => {
    const r = classificationReport(['positive', 'negative', 'neutral', 'neutral'], ['positive', 'neutral', 'neutral', 'negative']);
    expect(r.accuracy).toBe(0.5);
    expect(r.f1.positive).toBe(1);
    expect(r.f1.negative).toBe(0);
    expect(r.f1.neutral).toBe(0.5);
    expect(r.macroF1).toBeCloseTo(0.5, 12);
  });

  it('refuses labels and predictions of different lengths', () => {
    expect(() => classificationReport(['positive'], [])).toThrow(/1 true labels but 0 predictions/);
  });
});
