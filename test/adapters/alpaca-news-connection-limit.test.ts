import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaNewsStream } from '../../core/adapters/alpaca/news/news-stream.js';
import type { NewsSourceStatus } from '../../core/news/news-source.js';
import { SystemClock } from '../../core/time/system-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { NewsStreamPart } from '../support/alpaca-replica/news-stream-part.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { startReplica, type RunningReplica } from '../support/alpaca-replica/replica-server.js';

const KEYS = { keyId: 'PKNEWS', secretKey: 'news-secret' } as const;
const LONG_WAIT_MS = 40;

describe('Alpaca news stream under a connection limit that persists', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  // The market-data and trading streams stop at the third 406 in a row; news shares their ReconnectLoop with no
  // limit, so it must keep waiting the long wait before every attempt (never stop, never fall back to the short
  // backoff once the count passes that limit).
  it('waits at least the connection-limit wait before each of five attempts refused in a row, never stops, and gets in once the other session ends', async () => {
    const part = new NewsStreamPart({ ...KEYS, connectionLimit: 1 });
    const replica: RunningReplica = await startReplica([part]);
    cleanups.push(() => replica.close());
    const holder = new AlpacaNewsStream({ streamBase: replica.wsBase, credentials: () => KEYS, clock: new SystemClock(), random: seededUniform(1), backoffBaseMs: 5 });
    cleanups.push(() => holder.stop());
    holder.start();
    await pollUntil(() => holder.status().state === 'streaming', 'the session holding the connection');

    const stream = new AlpacaNewsStream({
      streamBase: replica.wsBase, credentials: () => KEYS, clock: new SystemClock(), random: seededUniform(2),
      backoffBaseMs: 5, backoffMaxMs: 20, connectionLimitWaitMs: LONG_WAIT_MS,
    });
    cleanups.push(() => stream.stop());
    const attemptsAt: number[] = [];
    const states: NewsSourceStatus['state'][] = [];
    stream.onStatus((s) => {
      states.push(s.state);
      if (s.state === 'connecting') attemptsAt.push(performance.now());
    });
    stream.start();
    await pollUntil(() => attemptsAt.length >= 6, 'six attempts, five of them refused with 406');
    const gaps = attemptsAt.slice(1).map((t, i) => t - (attemptsAt[i] ?? t));
    // A timer fires no earlier than asked, give or take the clock's rounding.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(LONG_WAIT_MS - 2);
    expect(states).not.toContain('stopped');

    holder.stop();
    await pollUntil(() => stream.status().state === 'streaming', 'the stream to get the connection');
    expect(states).not.toContain('stopped');
  });
});
