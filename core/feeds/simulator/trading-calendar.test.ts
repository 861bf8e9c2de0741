import { describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import { tradingCalendar } from './trading-calendar.js';

const at = (y: number, m: number, d: number, h = 0, min = 0): number => Date.UTC(y, m - 1, d, h, min);

describe('tradingCalendar', () => {
  it('puts daily bars at UTC midnight of weekdays only', () => {
    const daily = tradingCalendar('1d');
    expect(daily.barsPerSession).toBe(1);
    expect(daily.atOrAfter(at(2024, 1, 6, 12))).toBe(at(2024, 1, 8)); // Saturday noon → Monday
    expect(daily.atOrAfter(at(2024, 1, 3))).toBe(at(2024, 1, 3));
    expect(daily.atOrAfter(at(2024, 1, 3, 0, 1))).toBe(at(2024, 1, 4));
    expect(daily.next(epochMs(at(2024, 1, 5)))).toBe(at(2024, 1, 8));
    expect(daily.previous(epochMs(at(2024, 1, 8)))).toBe(at(2024, 1, 5));
    expect(daily.indexInSession(epochMs(at(2024, 1, 8)))).toBe(0);
  });

  it('puts intraday bars inside 14:30–21:00 UTC on weekdays', () => {
    const hourly = tradingCalendar('1h');
    expect(hourly.barsPerSession).toBe(7);
    expect(hourly.atOrAfter(at(2024, 1, 2, 3))).toBe(at(2024, 1, 2, 14, 30));
    expect(hourly.atOrAfter(at(2024, 1, 2, 15))).toBe(at(2024, 1, 2, 15, 30));
    expect(hourly.atOrAfter(at(2024, 1, 2, 20, 31))).toBe(at(2024, 1, 3, 14, 30));
    expect(hourly.atOrAfter(at(2024, 1, 6, 15))).toBe(at(2024, 1, 8, 14, 30));
    expect(hourly.next(epochMs(at(2024, 1, 5, 20, 30)))).toBe(at(2024, 1, 8, 14, 30));
    expect(hourly.previous(epochMs(at(2024, 1, 8, 14, 30)))).toBe(at(2024, 1, 5, 20, 30));
    expect(hourly.previous(epochMs(at(2024, 1, 8, 16, 30)))).toBe(at(2024, 1, 8, 15, 30));
    expect(hourly.indexInSession(epochMs(at(2024, 1, 8, 16, 30)))).toBe(2);
  });

  it('walks forward and back through a week of 5m bars consistently', () => {
    const five = tradingCalendar('5m');
    expect(five.barsPerSession).toBe(78);
    let slot = five.atOrAfter(at(2024, 1, 1));
    const slots = [slot];
    for (let i = 0; i < 78 * 5; i++) {
      slot = five.next(slot);
      slots.push(slot);
    }
    expect(slots.at(-1)).toBe(at(2024, 1, 8, 14, 30));
    for (let i = slots.length - 1; i > 0; i--) expect(five.previous(epochMs(slots[i] ?? 0))).toBe(slots[i - 1]);
  });
});
