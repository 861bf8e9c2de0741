import { describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import { seededUniform } from '../../util/seeded-random.js';
import { businessDaysEndingAt, tradingDayOf } from './trading-day.js';

const NEW_YORK = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const HOUR = 3_600_000;

describe('tradingDayOf', () => {
  it('is the New York date, not the UTC one, on both sides of midnight there in winter and summer', () => {
    expect(tradingDayOf(epochMs(Date.UTC(2024, 0, 3, 4, 59)))).toBe('2024-01-02');
    expect(tradingDayOf(epochMs(Date.UTC(2024, 0, 3, 5, 0)))).toBe('2024-01-03');
    expect(tradingDayOf(epochMs(Date.UTC(2024, 6, 3, 3, 59)))).toBe('2024-07-02');
    expect(tradingDayOf(epochMs(Date.UTC(2024, 6, 3, 4, 0)))).toBe('2024-07-03');
  });

  it('agrees with the time zone rules around every hour of DST changes and at seeded times from 1850 to 2100', () => {
    const times: number[] = [];
    // The 2024 changes (10 March, 3 November), the 1974 year-round DST, and war time in 1942.
    for (const base of [Date.UTC(2024, 2, 10), Date.UTC(2024, 10, 3), Date.UTC(1974, 0, 6), Date.UTC(1942, 1, 9)]) {
      for (let m = -48 * 60; m <= 48 * 60; m += 15) times.push(base + m * 60_000);
    }
    const random = seededUniform(7);
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 20_000; i++) times.push(Math.floor(from + random() * (to - from)));
    const wrong = times.filter((t) => tradingDayOf(epochMs(t)) !== NEW_YORK.format(t));
    expect(wrong).toEqual([]);
  });

  it('counts business days back from the New York date', () => {
    expect([...businessDaysEndingAt(epochMs(Date.UTC(2024, 0, 8, 2)), 3)]).toEqual(['2024-01-05', '2024-01-04', '2024-01-03']);
    expect(tradingDayOf(epochMs(Date.UTC(2024, 0, 8, 2) + HOUR))).toBe('2024-01-07');
  });
});
