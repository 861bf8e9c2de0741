import { describe, expect, it } from 'vitest';
import { sessionClosingAtUtc, UTC_DAY_SESSIONS } from './session-calendar.js';
import { DAY0, ohlc } from './testing/paper-fixtures.js';

const at = (ms: number, interval: '1d' | '1h' | '5m' = '1h') => ohlc(0, 10, 11, 9, 10, 100, { interval, time: ms });
const HOUR = 3_600_000;

describe('UTC_DAY_SESSIONS', () => {
  it('makes every daily bar the last of its own session', () => {
    const bar = at(DAY0, '1d');
    expect(UTC_DAY_SESSIONS.isLastBarOfSession(bar)).toBe(true);
    expect(UTC_DAY_SESSIONS.sessionOf(at(DAY0 + 86_400_000, '1d'))).toBe(UTC_DAY_SESSIONS.sessionOf(bar) + 1);
  });

  it('ends an intraday session with the bar closing at UTC midnight', () => {
    expect(UTC_DAY_SESSIONS.isLastBarOfSession(at(DAY0 + 23 * HOUR))).toBe(true);
    expect(UTC_DAY_SESSIONS.isLastBarOfSession(at(DAY0 + 22 * HOUR))).toBe(false);
    expect(UTC_DAY_SESSIONS.sessionOf(at(DAY0 + 23 * HOUR))).toBe(UTC_DAY_SESSIONS.sessionOf(at(DAY0)));
  });
});

describe('sessionClosingAtUtc', () => {
  const us = sessionClosingAtUtc(20 * 60);

  it('ends the session with the bar that reaches the close', () => {
    expect(us.isLastBarOfSession(at(DAY0 + 19 * HOUR + 55 * 60_000, '5m'))).toBe(true);
    expect(us.isLastBarOfSession(at(DAY0 + 19 * HOUR + 50 * 60_000, '5m'))).toBe(false);
    expect(us.isLastBarOfSession(at(DAY0 + 20 * HOUR, '5m'))).toBe(false);
    expect(us.isLastBarOfSession(at(DAY0, '1d'))).toBe(true);
  });

  it('puts bars after the close into the next session', () => {
    const before = us.sessionOf(at(DAY0 + 19 * HOUR));
    expect(us.sessionOf(at(DAY0 + 20 * HOUR))).toBe(before + 1);
    expect(us.sessionOf(at(DAY0 + 86_400_000 + 13 * HOUR))).toBe(before + 1);
    expect(us.sessionOf(at(DAY0, '1d'))).toBe(UTC_DAY_SESSIONS.sessionOf(at(DAY0, '1d')));
  });

  it('refuses a close that is not a minute of the day', () => {
    expect(() => sessionClosingAtUtc(0)).toThrow(/whole minute/);
    expect(() => sessionClosingAtUtc(1441)).toThrow(/whole minute/);
    expect(() => sessionClosingAtUtc(60.5)).toThrow(/whole minute/);
  });
});
