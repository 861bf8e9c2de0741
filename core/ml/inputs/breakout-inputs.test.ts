import { describe, expect, it } from 'vitest';
import { F, FEATURE_COUNT } from '../../features/feature-vector.js';
import { BREAKOUT_INPUTS_HASH, breakoutInputs, INPUT_COUNT, INPUT_NAMES, writeBreakoutInputs } from './breakout-inputs.js';

const features = (): Float64Array => {
  const f = new Float64Array(FEATURE_COUNT);
  f[F.rsi] = 70;
  f[F.macd] = 1;
  f[F.bbUpper] = 108;
  f[F.bbLower] = 96;
  f[F.sma20] = 102;
  f[F.sma50] = 100;
  f[F.volumeSpike] = 2.5;
  f[F.relativeVolume] = 2;
  f[F.support] = 95;
  f[F.resistance] = 105;
  f[F.trendStrength] = 30;
  f[F.momentum] = 4;
  f[F.overallSentiment] = 0.5;
  f[F.newsCount] = 3;
  f[F.impactScore] = 1.2;
  return f;
};
const at = (row: Float64Array, name: (typeof INPUT_NAMES)[number]): number => row[INPUT_NAMES.indexOf(name)] as number;

describe('breakout model inputs', () => {
  it('turns price levels into ATR distances from the close for an up breakout', () => {
    const row = breakoutInputs(features(), 106, 2, 'up');
    expect(row).toHaveLength(INPUT_COUNT);
    expect(at(row, 'direction')).toBe(1);
    expect(at(row, 'beyondAtr')).toBe(0.5);
    expect(at(row, 'rsiInDirection')).toBe(70);
    expect(at(row, 'macdAtr')).toBe(0.5);
    expect(at(row, 'closeVsSma20Atr')).toBe(2);
    expect(at(row, 'closeVsSma50Atr')).toBe(3);
    expect(at(row, 'sma20VsSma50Atr')).toBe(1);
    expect(at(row, 'bollingerWidthAtr')).toBe(6);
    expect(at(row, 'rangeWidthAtr')).toBe(5);
    expect(at(row, 'momentumInDirection')).toBe(4);
    expect(at(row, 'atrPct')).toBeCloseTo(200 / 106, 12);
    expect(at(row, 'sentimentInDirection')).toBe(0.5);
  });
  it('mirrors direction-bearing inputs for a down breakout so positive means "with the breakout"', () => {
    const row = breakoutInputs(features(), 94, 2, 'down');
    expect(at(row, 'direction')).toBe(-1);
    expect(at(row, 'beyondAtr')).toBe(0.5);
    expect(at(row, 'rsiInDirection')).toBe(30);
    expect(at(row, 'closeVsSma20Atr')).toBe(4);
    expect(at(row, 'momentumInDirection')).toBe(-4);
    expect(at(row, 'sentimentInDirection')).toBe(-0.5);
    expect(at(row, 'rangeWidthAtr')).toBe(5);
  });
  it('writes NaN for inputs that cannot be computed, and rows in place for batches', () => {
    const out = new Float64Array(2 * INPUT_COUNT);
    writeBreakoutInputs(features(), 106, 0, 'up', out, 1);
    expect(out[0]).toBe(0);
    expect(out[INPUT_COUNT + 1]).toBeNaN();
    expect(out[INPUT_COUNT + 9]).toBe(2.5);
  });
  it('has a stable hash naming the column set', () => {
    expect(BREAKOUT_INPUTS_HASH).toMatch(/^[0-9a-f]{64}$/);
  });
});
