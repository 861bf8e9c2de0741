import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { ManualClock } from '../time/manual-clock.js';
import { alpacaStartFeed, expectedStartError, startHeadlessDesk } from './start-headless.js';

describe('npm start --alpaca (headless)', () => {
  const temp = makeTempDir('desk-start-alpaca-');
  afterAll(() => temp.remove());

  it('reads the symbols and account like a feed.set, and names the flag that is wrong', () => {
    expect(alpacaStartFeed('aapl, msft;spy', undefined)).toEqual({ kind: 'alpaca', account: 'paper', symbols: ['AAPL', 'MSFT', 'SPY'] });
    expect(alpacaStartFeed('AAPL', 'live')).toMatchObject({ account: 'live' });
    expect(() => alpacaStartFeed('AAPL', 'demo')).toThrow(/^--alpaca-account \(paper or live\)/);
    expect(() => alpacaStartFeed(' , ', undefined)).toThrow(/^--alpaca \(comma-separated symbols\): pick at least one symbol/);
    expect(() => alpacaStartFeed('AA$PL', undefined)).toThrow(RangeError);
  });

  it('without keys in the environment it refuses to start with a one-line reason and creates no database', async () => {
    const dbFile = temp.file('desk.db');
    const failure = await startHeadlessDesk({
      db: dbFile, port: 0, seed: 1, speed: 1, rendererDir: temp.dir, clock: new ManualClock(), reason: 'asked', env: {}, alpaca: 'AAPL',
    }).then(() => undefined, (error: unknown) => error);
    expect(expectedStartError(failure, 0)).toMatch(/^no paper Alpaca keys are stored: .*DESK_ALPACA_PAPER_KEY_ID and DESK_ALPACA_PAPER_SECRET_KEY set$/);
    expect(existsSync(dbFile)).toBe(false);
  });
});
