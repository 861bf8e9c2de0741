import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../util/seeded-random.js';
import { FullJitterBackoff } from './backoff.js';

describe('FullJitterBackoff', () => {
  it('draws each delay uniformly below a window that doubles up to the cap, and starts over on reset', () => {
    const top = new FullJitterBackoff({ baseMs: 100, maxMs: 1_000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map(() => top.next())).toEqual([99, 199, 399, 799, 999, 999]);
    expect(top.attempts).toBe(6);
    top.reset();
    expect(top.next()).toBe(99);
    const seeded = new FullJitterBackoff({ baseMs: 100, maxMs: 1_000, random: seededUniform(1) });
    const draws = Array.from({ length: 50 }, () => seeded.next());
    expect(draws.every((d) => d >= 0 && d < 1_000)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(40);
  });

  it('refuses a window that cannot work', () => {
    expect(() => new FullJitterBackoff({ baseMs: 0, random: Math.random })).toThrow(RangeError);
    expect(() => new FullJitterBackoff({ baseMs: 10, maxMs: 5, random: Math.random })).toThrow(/maxMs/);
  });
});
