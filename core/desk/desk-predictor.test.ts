import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deskPredictor } from './desk-predictor.js';

describe('deskPredictor', () => {
  it('serves the baseline on intraday bars, saying the model was trained on daily ones', () => {
    const p = deskPredictor('1m');
    expect(p.source).toEqual({ kind: 'baseline', reason: 'the breakout model was trained on 1d bars and this desk trades 1m bars, so the rule-based baseline serves' });
    expect(p.interval).toBe('1m');
  });

  it('serves the shipped model on daily bars', () => {
    const p = deskPredictor('1d');
    expect(p.source.kind).toBe('model');
    expect(p.interval).toBe('1d');
  });

  it('falls back to the baseline with the reason when the models folder has no model', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'no-models-'));
    try {
      const p = deskPredictor('1d', dir);
      expect(p.source.kind).toBe('baseline');
      expect(p.source.kind === 'baseline' && p.source.reason.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
