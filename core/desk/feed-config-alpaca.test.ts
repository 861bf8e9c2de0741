import { describe, expect, it } from 'vitest';
import { ALPACA_LIVE, ALPACA_PAPER } from '../adapters/alpaca/endpoints.js';
import { feedConfigSchema, MAX_ALPACA_SYMBOLS, type AlpacaFeedConfig } from '../contract/feed-schemas.js';
import { CREDENTIAL_ENV, EnvCredentialVault } from './credential-vault.js';
import { alpacaEndpointsFor, deskFeedFor, feedConfigProblem, missingKeysProblem } from './feed-config.js';

const paperKeys = new EnvCredentialVault({ [CREDENTIAL_ENV.paper.keyId]: 'PKTEST', [CREDENTIAL_ENV.paper.secretKey]: 'secret' });

describe('the alpaca feed config', () => {
  it('accepts an account and symbols, and refuses none or too many symbols and unknown fields', () => {
    expect(feedConfigSchema.safeParse({ kind: 'alpaca', account: 'paper', symbols: ['AAPL'] }).success).toBe(true);
    expect(feedConfigSchema.safeParse({ kind: 'alpaca', account: 'live', symbols: ['AAPL'], dataFeed: 'sip' }).success).toBe(true);
    expect(feedConfigSchema.safeParse({ kind: 'alpaca', account: 'paper', symbols: [] }).success).toBe(false);
    const many = Array.from({ length: MAX_ALPACA_SYMBOLS + 1 }, (_, i) => `S${i}`);
    expect(feedConfigSchema.safeParse({ kind: 'alpaca', account: 'paper', symbols: many }).success).toBe(false);
    // Keys never travel in the feed config: a field for them is refused, not ignored.
    expect(feedConfigSchema.safeParse({ kind: 'alpaca', account: 'paper', symbols: ['AAPL'], keyId: 'x' }).success).toBe(false);
    expect(feedConfigSchema.safeParse({ kind: 'alpaca', account: 'demo', symbols: ['AAPL'] }).success).toBe(false);
  });

  it('names the missing account and where to enter its keys, and nothing when they are there', () => {
    expect(missingKeysProblem('paper', paperKeys)).toBeUndefined();
    const live = missingKeysProblem('live', paperKeys);
    expect(live).toMatch(/no live Alpaca keys.*Settings → Broker.*DESK_ALPACA_LIVE_KEY_ID and DESK_ALPACA_LIVE_SECRET_KEY/);
    const config: AlpacaFeedConfig = { kind: 'alpaca', account: 'live', symbols: ['AAPL'] };
    expect(feedConfigProblem(config, [], paperKeys)).toBe(live);
    expect(feedConfigProblem({ ...config, account: 'paper' }, [], paperKeys)).toBeUndefined();
  });

  it('builds no feed without keys or without a vault, and picks the account endpoints unless overridden', () => {
    expect(() => deskFeedFor({ kind: 'alpaca', account: 'live', symbols: ['AAPL'] }, { credentials: paperKeys })).toThrow(/no live Alpaca keys/);
    expect(() => deskFeedFor({ kind: 'alpaca', account: 'paper', symbols: ['AAPL'] })).toThrow(/credentials/);
    expect(typeof deskFeedFor({ kind: 'alpaca', account: 'paper', symbols: ['AAPL'] }, { credentials: paperKeys })).toBe('function');
    expect(alpacaEndpointsFor('paper', {})).toBe(ALPACA_PAPER);
    expect(alpacaEndpointsFor('live', {})).toBe(ALPACA_LIVE);
    const replica = { streamBase: 'ws://127.0.0.1:1', dataBase: 'http://127.0.0.1:1', tradingBase: 'http://127.0.0.1:1' };
    expect(alpacaEndpointsFor('live', { endpoints: replica })).toBe(replica);
  });
});
