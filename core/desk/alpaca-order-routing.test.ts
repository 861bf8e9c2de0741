import { describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../contract/feed-schemas.js';
import { ManualClock } from '../time/manual-clock.js';
import { AlpacaOrderRouting, onAlpacaTick } from './alpaca-order-routing.js';
import { EnvCredentialVault } from './credential-vault.js';

describe("prices on Alpaca's tick", () => {
  it('moves a sell up and a buy down by less than one tick, never worse than the plan', () => {
    expect(onAlpacaTick(114.20790901324295, 'sell')).toBe(114.21);
    expect(onAlpacaTick(107.89604549337852, 'sell')).toBe(107.9);
    expect(onAlpacaTick(107.89604549337852, 'buy')).toBe(107.89);
    expect(onAlpacaTick(0.123456, 'sell')).toBe(0.1235);
    expect(onAlpacaTick(0.123456, 'buy')).toBe(0.1234);
  });

  it('leaves a price already on the tick where it is, float noise included', () => {
    expect(onAlpacaTick(110.25, 'sell')).toBe(110.25);
    expect(onAlpacaTick(110.00000000001, 'sell')).toBe(110);
    expect(onAlpacaTick(0.1 + 0.2, 'buy')).toBe(0.3);
  });
});

describe('the Alpaca feed config', () => {
  it('takes a broker choice next to the feed, simulated by default, and refuses an unknown one', () => {
    const base = { kind: 'alpaca', account: 'paper', symbols: ['AAPL'] };
    const parsed = feedConfigSchema.parse(base);
    expect(parsed.kind === 'alpaca' && parsed.broker).toBeUndefined();
    expect(feedConfigSchema.parse({ ...base, broker: 'alpaca' })).toMatchObject({ broker: 'alpaca' });
    expect(feedConfigSchema.safeParse({ ...base, broker: 'ibkr' }).success).toBe(false);
  });
});

describe('order routing to an unreachable Alpaca', () => {
  it('starts anyway, keeps why the reconciliation at start failed, and leaves the retry to the stream', async () => {
    const vault = new EnvCredentialVault({ DESK_ALPACA_PAPER_KEY_ID: 'PKTEST', DESK_ALPACA_PAPER_SECRET_KEY: 'secret' });
    // Port 1 on loopback: connection refused at once, no network beyond this machine.
    const routing = new AlpacaOrderRouting({ vault, account: 'paper', endpoints: { tradingBase: 'http://127.0.0.1:1' }, clock: new ManualClock(0), seed: 1, liveArmed: () => false });
    let recoveries = 0;
    await routing.start(() => {
      recoveries++;
      return Promise.reject(new Error('GET /v2/orders: connection refused'));
    });
    expect(recoveries).toBe(1);
    expect(routing.startError).toMatch(/^fill catch-up failed: .+; reconciliation failed: GET \/v2\/orders: connection refused$/);
    routing.stop();
    await routing.settled();
  });
});
