import { describe, expect, it } from 'vitest';
import { TickGrid } from './tick-grid.js';

describe('TickGrid', () => {
  it('rounds, ceils and floors to the tick without float dust', () => {
    const cents = new TickGrid(0.01);
    expect(cents.round(42.505000001)).toBe(42.51);
    expect(cents.round(0.1 + 0.2)).toBe(0.3);
    expect(cents.ceil(42.501)).toBe(42.51);
    expect(cents.ceil(42.5)).toBe(42.5);
    expect(cents.floor(42.509)).toBe(42.5);
    expect(cents.floor(42.51)).toBe(42.51);
  });

  it('never returns less than one tick', () => {
    const grid = new TickGrid(0.0001);
    expect(grid.round(0)).toBe(0.0001);
    expect(grid.floor(0.00004)).toBe(0.0001);
    expect(new TickGrid(0.05).round(-3)).toBe(0.05);
  });
});
