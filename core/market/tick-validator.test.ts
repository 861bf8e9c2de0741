import { describe, expect, it } from 'vitest';
import type { Tick } from './tick.js';
import { tickIssues } from './tick-validator.js';
import { epochMs, price, quantity } from './units.js';

const tick = (time: number, p: number, size = 100, symbol = 'AAA'): Tick => ({ symbol, time: epochMs(time), price: price(p), size: quantity(size) });
const codes = (t: Tick, prev?: Tick): string[] => tickIssues(t, prev).map((i) => i.code);

describe('tickIssues', () => {
  it('accepts a normal print, and two prints in the same millisecond', () => {
    expect(codes(tick(1_000, 10))).toEqual([]);
    expect(codes(tick(1_000, 10.01), tick(1_000, 10))).toEqual([]);
  });

  it('rejects NaN, infinite, zero and negative values with the field named', () => {
    const nan = tickIssues(tick(1_000, Number.NaN));
    expect(nan.map((i) => i.code)).toEqual(['non-finite']);
    expect(nan[0]?.message).toContain('price NaN');
    expect(codes(tick(Number.POSITIVE_INFINITY, 10))).toEqual(['non-finite']);
    expect(codes(tick(1_000, 0))).toEqual(['zero-price']);
    expect(codes(tick(1_000, -1))).toEqual(['negative-price']);
    expect(codes(tick(1_000, 10, -5))).toEqual(['negative-volume']);
  });

  it('rejects a print older than the last accepted one', () => {
    expect(codes(tick(999, 10), tick(1_000, 10))).toEqual(['out-of-order-time']);
  });

  it('rejects a decimal-shifted print but accepts a large genuine move', () => {
    expect(codes(tick(2_000, 0.9217), tick(1_000, 9.13))).toEqual(['price-jump']);
    expect(codes(tick(2_000, 4.4), tick(1_000, 9.13))).toEqual([]);
  });

  it('refuses to compare prints of different symbols (a caller bug, not bad data)', () => {
    expect(() => tickIssues(tick(2_000, 10, 1, 'BBB'), tick(1_000, 10))).toThrow(/one symbol/);
  });
});
