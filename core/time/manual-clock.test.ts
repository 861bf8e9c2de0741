import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('starts at the given time and does not move by itself', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('runs due callbacks in time order, with now() at each due time', () => {
    const clock = new ManualClock(0);
    const seen: string[] = [];
    clock.schedule(30, () => seen.push(`c@${clock.now()}`));
    clock.schedule(10, () => seen.push(`a@${clock.now()}`));
    clock.schedule(20, () => seen.push(`b@${clock.now()}`));
    clock.advanceBy(25);
    expect(seen).toEqual(['a@10', 'b@20']);
    expect(clock.now()).toBe(25);
    clock.advanceBy(5);
    expect(seen).toEqual(['a@10', 'b@20', 'c@30']);
  });

  it('runs callbacks due at the same instant in scheduling order', () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) clock.schedule(10, () => seen.push(i));
    clock.advanceTo(10);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs callbacks that callbacks schedule when they fall inside the advance', () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(clock.now());
      clock.schedule(10, tick);
    };
    clock.schedule(10, tick);
    clock.advanceBy(45);
    expect(ticks).toEqual([10, 20, 30, 40]);
    expect(clock.pendingCount()).toBe(1);
    expect(clock.nextDue()).toBe(50);
  });

  it('drains zero-delay chains within a zero-length advance', () => {
    const clock = new ManualClock(5);
    let n = 0;
    const step = (): void => {
      n++;
      if (n < 100) clock.schedule(0, step);
    };
    clock.schedule(0, step);
    clock.advanceBy(0);
    expect(n).toBe(100);
    expect(clock.now()).toBe(5);
  });

  it('cancel prevents the callback and is harmless twice', () => {
    const clock = new ManualClock(0);
    let ran = false;
    const cancel = clock.schedule(10, () => {
      ran = true;
    });
    cancel();
    cancel();
    clock.advanceBy(100);
    expect(ran).toBe(false);
    expect(clock.pendingCount()).toBe(0);
    expect(clock.nextDue()).toBeUndefined();
  });

  it('treats negative and non-finite delays as zero', () => {
    const clock = new ManualClock(100);
    const at: number[] = [];
    clock.schedule(-50, () => at.push(clock.now()));
    clock.schedule(Number.NaN, () => at.push(clock.now()));
    clock.advanceBy(0);
    expect(at).toEqual([100, 100]);
  });

  it('refuses to move backwards or by a negative amount', () => {
    const clock = new ManualClock(100);
    expect(() => clock.advanceTo(50)).toThrow(/cannot move backwards/);
    expect(() => clock.advanceBy(-1)).toThrow(/non-negative/);
    expect(clock.now()).toBe(100);
  });
});
