import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../market/units.js';
import { fixedFractionSizer } from '../ml/risk/baselines/fixed-fraction-sizer.js';
import { volTargetAtrSizer } from '../ml/risk/baselines/vol-target-sizer.js';
import { RiskAdvisor } from '../ml/risk/risk-advisor.js';
import { riskOptimizationSchema } from '../contract/ml-schemas.js';
import { InMemoryLedger } from '../trading/portfolio/ledger.js';
import { Portfolio } from '../trading/portfolio/portfolio.js';
import { riskModelsEntry, riskOptimization } from './risk-view.js';

const portfolio = new Portfolio(new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'start' }]));
const advisor = (model: boolean): RiskAdvisor => {
  const a = new RiskAdvisor({
    serving: model ? { ...fixedFractionSizer(), id: 'risk:v1', kind: 'model' } : volTargetAtrSizer(), baseline: volTargetAtrSizer(),
    fallbackReason: 'risk model not served (missing: no current.json)', portfolio, mark: () => undefined,
  });
  for (let i = 0; i < 20; i++) {
    a.onBar({ symbol: 'ACME', interval: '1d', time: epochMs(i * 86_400_000), open: price(50), high: price(50.5), low: price(49.5), close: price(50), volume: quantity(100) });
  }
  return a;
};

describe('riskOptimization', () => {
  it('answers the ticket\'s fields from the serving model with the baseline and the state beside them, valid on the wire', () => {
    const r = riskOptimization(advisor(true), 'paper', 'ACME', 1);
    expect(riskOptimizationSchema.parse(r)).toEqual(r);
    // Fixed 10 % of 100k at 50 = 200 shares, stop 2 % below; the baseline risks 0.2 % over 1 ATR (1.0) = 200 shares, capped at 20 % = 400 → 200.
    expect(r).toMatchObject({ method: 'model', sizer: 'baseline:fixed-fraction', fallbackReason: null, recommendedPosition: 10, quantity: 200, stopLoss: 49, takeProfit: 52, reason: null });
    expect(r.baseline).toMatchObject({ quantity: 200, stopLoss: 49, takeProfit: 52 });
    expect(r.state?.marketConditions.volatility).toBeCloseTo(0.02, 12);
  });

  it('says why there is no answer for a symbol it has not seen, naming the baseline and why it serves', () => {
    const r = riskOptimization(advisor(false), 'paper', 'ZZZ', 1);
    expect(r).toMatchObject({ method: 'baseline', sizer: 'baseline:vol-target-atr', fallbackReason: 'risk model not served (missing: no current.json)', quantity: 0, stopLoss: null, baseline: null, state: null, reason: 'no bars of ZZZ seen yet' });
  });

  it('names the serving sizer in ml.models', () => {
    expect(riskModelsEntry(advisor(true))).toMatchObject({ source: 'model', sizer: 'risk:v1', fallbackReason: null });
    expect(riskModelsEntry(advisor(false))).toMatchObject({ source: 'baseline', sizer: 'baseline:vol-target-atr', fallbackReason: 'risk model not served (missing: no current.json)' });
  });
});
