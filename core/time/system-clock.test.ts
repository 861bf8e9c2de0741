import { afterEach, describe, expect, it, vi } from 'vitest';
import { SystemClock } from './system-clock.js';

describe('SystemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the wall clock', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    expect(new SystemClock().now()).toBe(1_700_000_000_000);
  });

  it('runs a scheduled callback after its delay and not before', () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new SystemClock();
    let ran = 0;
    clock.schedule(100, () => ran++);
    vi.advanceTimersByTime(99);
    expect(ran).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ran).toBe(1);
  });

  it('cancel stops a pending callback', () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new SystemClock();
    let ran = 0;
    const cancel = clock.schedule(100, () => ran++);
    cancel();
    cancel();
    vi.advanceTimersByTime(1_000);
    expect(ran).toBe(0);
  });

  it('waits longer than setTimeout can in one step (beyond 2^31-1 ms)', () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new SystemClock();
    let ran = 0;
    const longDelay = 3_000_000_000;
    clock.schedule(longDelay, () => ran++);
    vi.advanceTimersByTime(2_147_483_647);
    expect(ran).toBe(0);
    vi.advanceTimersByTime(longDelay - 2_147_483_647);
    expect(ran).toBe(1);
  });

  it('runs a callback with a negative delay on the next turn', async () => {
    const clock = new SystemClock();
    let ran = false;
    clock.schedule(-5, () => {
      ran = true;
    });
    await vi.waitFor(() => expect(ran).toBe(true));
  });
});
