import { describe, expect, it } from 'vitest';
import { DEFAULT_PAPER_BROKER_CONFIG, parsePaperBrokerConfig } from './paper-broker-config.js';

describe('parsePaperBrokerConfig', () => {
  it('fills every missing field with its documented default', () => {
    expect(parsePaperBrokerConfig()).toEqual({ ok: true, value: DEFAULT_PAPER_BROKER_CONFIG });
    expect(parsePaperBrokerConfig(undefined)).toEqual({ ok: true, value: DEFAULT_PAPER_BROKER_CONFIG });
    expect(DEFAULT_PAPER_BROKER_CONFIG.fillOnAcceptanceBar).toBe(false);
  });

  it('keeps given fields and defaults the rest, also inside commission', () => {
    const parsed = parsePaperBrokerConfig({ slippageBps: 2, commission: { bps: 1 } });
    expect(parsed).toEqual({
      ok: true,
      value: { ...DEFAULT_PAPER_BROKER_CONFIG, slippageBps: 2, commission: { ...DEFAULT_PAPER_BROKER_CONFIG.commission, bps: 1 } },
    });
  });

  it('names each bad field in one readable error', () => {
    const parsed = parsePaperBrokerConfig({ slippageBps: -1, maxParticipation: 0, commission: { perShare: Number.NaN } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(/^Invalid paper broker config: /);
    expect(parsed.error).toContain('slippageBps');
    expect(parsed.error).toContain('maxParticipation');
    expect(parsed.error).toContain('commission.perShare');
  });

  it('refuses a participation above the whole bar and a misspelt setting', () => {
    expect(parsePaperBrokerConfig({ maxParticipation: 1.5 }).ok).toBe(false);
    const misspelt = parsePaperBrokerConfig({ slipageBps: 3 });
    expect(misspelt.ok).toBe(false);
    if (!misspelt.ok) expect(misspelt.error).toContain('slipageBps');
  });

  it('refuses a config that is not an object', () => {
    const parsed = parsePaperBrokerConfig(42);
    expect(parsed.ok).toBe(false);
  });
});
