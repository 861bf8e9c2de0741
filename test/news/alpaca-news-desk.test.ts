import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlpacaNewsStream } from '../../core/adapters/alpaca/news/news-stream.js';
import { alpacaNewsSource } from '../../core/desk/alpaca-news-source.js';
import { createDesk, type Desk } from '../../core/desk/create-desk.js';
import { EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { calmBar } from '../../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs } from '../../core/market/units.js';
import { SystemClock } from '../../core/time/system-clock.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { NewsStreamPart } from '../support/alpaca-replica/news-stream-part.js';
import { startReplica, type RunningReplica } from '../support/alpaca-replica/replica-server.js';

const KEYS = { DESK_ALPACA_PAPER_KEY_ID: 'PKDESKNEWS01', DESK_ALPACA_PAPER_SECRET_KEY: 'desk-news-secret-0123' };
const HISTORY = 60;
const T0 = Date.UTC(2024, 0, 2, 14, 30);
const bar = (symbol: string, i: number): Bar => ({ ...calmBar(symbol, i), time: epochMs(T0 + i * 60_000) });

let dir: string;
let replica: RunningReplica;
let part: NewsStreamPart;
let desk: Desk | undefined;
let news: AlpacaNewsStream;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'alpaca-news-desk-'));
  part = new NewsStreamPart({ keyId: KEYS.DESK_ALPACA_PAPER_KEY_ID, secretKey: KEYS.DESK_ALPACA_PAPER_SECRET_KEY });
  replica = await startReplica([part]);
});

afterEach(async () => {
  await desk?.close();
  desk = undefined;
  await replica.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(env: Record<string, string>): Promise<{ desk: Desk; feed: ScriptedFeed }> {
  const feed = new ScriptedFeed(Array.from({ length: HISTORY }, (_, i) => bar('ACME', i)));
  const clock = new SystemClock();
  news = alpacaNewsSource({ vault: new EnvCredentialVault(env), account: 'paper', clock, seed: 1, endpoints: { streamBase: replica.wsBase, dataBase: replica.httpBase, tradingBase: replica.httpBase } });
  desk = await createDesk({ dbFile: path.join(dir, 'desk.db'), clock, seed: 1, createFeed: scriptedDeskFeed(feed, ['ACME'], HISTORY), newsSource: news });
  return { desk, feed };
}

describe("Alpaca's news stream on a desk", () => {
  it('subscribes the desk symbols, and a published story moves ml.sentiment at the next close', async () => {
    const { desk: d, feed } = await open(KEYS);
    await pollUntil(() => news.status().state === 'streaming', 'the news stream');
    expect(news.acknowledged).toEqual(['ACME']);
    part.publish([{ id: 42, headline: 'ACME operating profit rose sharply', created_at: new Date(T0 + HISTORY * 60_000 + 5_000).toISOString(), symbols: ['ACME'] }]);
    await pollUntil(() => news.status().received === 1, 'the story');
    feed.emitBar(bar('ACME', HISTORY));
    await d.idle();
    const s = await d.invoke('ml.sentiment', { symbol: 'ACME' });
    expect(s).toMatchObject({ ok: true, value: { sentimentSource: 'news', newsCount: 1 } });
    expect(s.ok && (s.value.overallSentiment ?? 0)).toBeGreaterThan(0.3);
    expect(await d.invoke('news.list', { symbol: 'ACME' })).toMatchObject({ ok: true, value: { items: [{ id: 'alpaca:42', source: 'alpaca', label: 'positive' }] } });
  });

  it('without stored keys the news stream stops with where to enter them, and the desk still runs', async () => {
    const { desk: d } = await open({});
    await pollUntil(() => news.status().state === 'stopped', 'the stream to stop');
    expect(news.status().reason).toMatch(/no paper Alpaca keys are stored: enter them in Settings/);
    expect(part.connections).toBe(0);
    expect((await d.invoke('desk.status', {})).ok).toBe(true);
  });
});
