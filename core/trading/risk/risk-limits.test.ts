import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS, validateRiskLimits } from './risk-limits.js';

describe('risk limit settings', () => {
  it('accepts the defaults', () => {
    expect(validateRiskLimits(DEFAULT_RISK_LIMITS)).toEqual({ ok: true, value: DEFAULT_RISK_LIMITS });
  });

  it('refuses a negative limit, an unknown key and leverage on a cash account, naming each', () => {
    const result = validateRiskLimits({ ...DEFAULT_RISK_LIMITS, maxOrderQuantity: -1, maxOrderQty: 5, accountType: 'cash', marginMultiplier: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('maxOrderQuantity: ');
    expect(result.error).toContain('maxOrderQty');
    expect(result.error).toContain('marginMultiplier: a cash account has no margin');
  });

  it('refuses a malformed or repeated allowlist symbol', () => {
    expect(validateRiskLimits({ ...DEFAULT_RISK_LIMITS, symbolAllowlist: ['aapl'] }).ok).toBe(false);
    const twice = validateRiskLimits({ ...DEFAULT_RISK_LIMITS, symbolAllowlist: ['AAPL', 'AAPL'] });
    expect(twice.ok ? '' : twice.error).toBe('symbolAllowlist: the allowlist names a symbol twice');
  });
});
