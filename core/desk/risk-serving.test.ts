import { describe, expect, it } from 'vitest';
import { fixedFractionSizer } from '../ml/risk/baselines/fixed-fraction-sizer.js';
import type { RiskSizer } from '../ml/risk/risk-sizer.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { err, ok } from '../util/result.js';
import { chooseRiskSizer } from './risk-serving.js';

const model: RiskSizer = { ...fixedFractionSizer(), id: 'risk:v1', kind: 'model' };

describe('chooseRiskSizer', () => {
  it('serves the model that loads, with the vol-target baseline beside it', () => {
    const r = chooseRiskSizer({ interval: '1d', modelsDir: '/models/risk', load: () => ok(model) });
    expect([r.serving.id, r.baseline.id, r.fallbackReason]).toEqual(['risk:v1', 'baseline:vol-target-atr', undefined]);
  });

  it('falls back to the baseline with the loader\'s reason when the model is invalid', () => {
    const r = chooseRiskSizer({ interval: '1d', load: () => err('tampered: weights.bin sha256 differs from the manifest') });
    expect(r.serving.id).toBe('baseline:vol-target-atr');
    expect(r.fallbackReason).toBe('risk model not served (tampered: weights.bin sha256 differs from the manifest)');
  });

  it('does not even load a disabled model', () => {
    const r = chooseRiskSizer({ interval: '1d', enabled: false, load: () => { throw new Error('must not load'); } });
    expect(r).toMatchObject({ serving: { id: 'baseline:vol-target-atr' }, fallbackReason: 'the risk model is disabled on this desk' });
  });

  it('keeps the daily-trained model off an intraday desk', () => {
    const r = chooseRiskSizer({ interval: '1m', load: () => ok(model) });
    expect(r).toMatchObject({ serving: { id: 'baseline:vol-target-atr' }, fallbackReason: 'the risk model was trained on 1d bars and this desk trades 1m bars' });
  });

  it('says the model is missing from an empty folder through the real loader', () => {
    const tmp = makeTempDir('risk-models-');
    try {
      const r = chooseRiskSizer({ interval: '1d', modelsDir: tmp.dir });
      expect(r.serving.kind).toBe('baseline');
      expect(r.fallbackReason).toContain('missing');
    } finally {
      tmp.remove();
    }
  });
});
