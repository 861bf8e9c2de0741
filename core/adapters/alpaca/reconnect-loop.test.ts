import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../time/manual-clock.js';
import { ReconnectLoop } from './reconnect-loop.js';

function loop(options: { maxConnectionLimitHits?: number; random?: () => number } = {}): { loop: ReconnectLoop; clock: ManualClock; attempts: () => number } {
  const clock = new ManualClock(0);
  let attempts = 0;
  const l = new ReconnectLoop({ clock, random: options.random ?? (() => 0.5), backoffBaseMs: 100, backoffMaxMs: 1_000, connectionLimitWaitMs: 5_000, ...(options.maxConnectionLimitHits === undefined ? {} : { maxConnectionLimitHits: options.maxConnectionLimitHits }) }, () => attempts++);
  return { loop: l, clock, attempts: () => attempts };
}

describe('ReconnectLoop', () => {
  it('waits a full-jitter draw of a window that doubles per failure up to the cap, and starts small again after reset', () => {
    const { loop: l, clock, attempts } = loop({ random: () => 0.999 });
    expect([l.schedule(0), l.schedule(0), l.schedule(0), l.schedule(0), l.schedule(0)]).toEqual([99, 199, 399, 799, 999]);
    l.reset();
    expect(l.schedule(0)).toBe(99);
    clock.advanceBy(98);
    expect([attempts(), l.pending]).toEqual([0, true]);
    clock.advanceBy(1);
    expect([attempts(), l.pending]).toEqual([1, false]);
  });

  it('never waits less than the least delay asked for, and one attempt is pending at most', () => {
    const { loop: l, clock, attempts } = loop();
    expect(l.schedule(5_000)).toBe(5_000);
    expect(l.schedule(5_000)).toBe(5_000);
    clock.advanceBy(60_000);
    expect(attempts()).toBe(1);
  });

  it('a cancelled attempt never runs', () => {
    const { loop: l, clock, attempts } = loop();
    l.schedule(0);
    l.cancel();
    clock.advanceBy(60_000);
    expect([attempts(), l.pending]).toEqual([0, false]);
  });

  it('waits long after a 406 and stops at the third in a row; a working session in between counts from zero again', () => {
    const { loop: l } = loop();
    expect(l.connectionLimit()).toEqual({ after: { then: 'reconnect', minDelayMs: 5_000 }, hits: 1 });
    l.reset();
    expect(l.connectionLimit().hits).toBe(1);
    expect(l.connectionLimit()).toEqual({ after: { then: 'reconnect', minDelayMs: 5_000 }, hits: 2 });
    expect(l.connectionLimit()).toEqual({ after: { then: 'stop' }, hits: 3 });
  });

  it('with no limit on 406s, keeps waiting long and never stops', () => {
    const { loop: l } = loop({ maxConnectionLimitHits: Infinity });
    for (let i = 0; i < 10; i++) l.connectionLimit();
    expect(l.connectionLimit()).toEqual({ after: { then: 'reconnect', minDelayMs: 5_000 }, hits: 11 });
  });
});
