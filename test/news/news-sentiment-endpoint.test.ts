import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRequests } from '../../core/contract/requests.js';
import { calmBar } from '../../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs } from '../../core/market/units.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp, type RawResponse } from '../server/raw-http.js';

const HISTORY = 100;
// Minute bars on a real date: imported stories must carry a time in 1990..2100.
const T0 = Date.UTC(2024, 0, 2, 14, 30);
const bar = (symbol: string, i: number): Bar => ({ ...calmBar(symbol, i), time: epochMs(T0 + i * 60_000) });
const history = (symbol: string): Bar[] => Array.from({ length: HISTORY }, (_, i) => bar(symbol, i));
const iso = (i: number, s = 0): string => new Date(T0 + i * 60_000 + s * 1_000).toISOString();

let dir: string;
let running: HeadlessDesk;
let feed: ScriptedFeed;

async function start(): Promise<void> {
  feed = new ScriptedFeed([...history('ACME'), ...history('BOLT')]);
  running = await startHeadless({
    dbFile: path.join(dir, 'desk.db'), port: 0, seed: 3, clock: new ManualClock(T0), rendererDir: dir,
    createFeed: scriptedDeskFeed(feed, ['ACME', 'BOLT'], HISTORY),
  });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'news-endpoint-'));
  await start();
});

afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = (): Record<string, string> => ({ Host: `127.0.0.1:${running.server.port}`, Authorization: `Bearer ${running.server.token}` });
const get = (p: string): Promise<RawResponse> => rawHttp(running.server.port, { path: p, headers: auth() });
const invoke = (name: string, params: unknown): Promise<RawResponse> =>
  rawHttp(running.server.port, { method: 'POST', path: `/api/invoke/${name}`, headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(params) });

const sentiment = async (symbol: string): Promise<ReturnType<typeof deskRequests['ml.sentiment']['result']['parse']>> => {
  const res = await get(`/ml/sentiment/${symbol}`);
  expect(res.status).toBe(200);
  return deskRequests['ml.sentiment'].result.parse(res.json());
};

const NEWS_CSV = [
  'id,time,symbols,headline',
  `1,${iso(HISTORY, 10)},ACME,ACME operating profit rose sharply and the company raised its guidance`,
  `2,${iso(HISTORY, 20)},ACME;ZZZ,ACME wins a record order`,
  `3,not-a-time,ACME,bad row`,
].join('\n');

describe('news through the desk to GET /ml/sentiment/:symbol', () => {
  it('answers the no-news defaults with a reason before any story, then the decayed scored news after an import', async () => {
    const before = await sentiment('ACME');
    expect(before).toMatchObject({ sentimentSource: 'none', newsCount: 0, overallSentiment: 0 });
    expect(before.reason).toMatch(/no news story about ACME/);

    const imported = await invoke('news.import', { fileName: 'acme.csv', text: NEWS_CSV });
    expect(imported.json()).toMatchObject({ ok: true, value: { ok: true, format: 'csv', rows: 3, stored: 2, duplicates: 0, rejected: 1, rejections: [{ line: 4 }] } });
    // The stories are after the newest close: held back until a bar closes after them.
    expect(await sentiment('ACME')).toMatchObject({ sentimentSource: 'none', newsCount: 0 });

    feed.emitBar(bar('ACME', HISTORY));
    feed.emitBar(bar('BOLT', HISTORY));
    await running.desk.idle();
    const after = await sentiment('ACME');
    expect(after).toMatchObject({ sentimentSource: 'news', newsCount: 2, reason: null });
    expect(after.overallSentiment).toBeGreaterThan(0.3);
    expect(after.impactScore).toBeGreaterThan(0.5);
    expect(await sentiment('BOLT')).toMatchObject({ sentimentSource: 'none', newsCount: 0 });

    const list = await invoke('news.list', { symbol: 'acme', limit: 5 });
    const items = deskRequests['news.list'].result.parse((list.json() as { value: unknown }).value).items;
    expect(items.map((n) => [n.id, n.label])).toEqual([['import:2', 'positive'], ['import:1', 'positive']]);

    // Re-importing the same file stores nothing twice.
    expect((await invoke('news.import', { fileName: 'acme.csv', text: NEWS_CSV })).json()).toMatchObject({ value: { stored: 0, duplicates: 2, rejected: 1 } });
  });

  it('feeds stored stories again after a restart, so the features see what they saw before', async () => {
    await invoke('news.import', { fileName: 'acme.csv', text: NEWS_CSV });
    await running.close();
    await start();
    feed.emitBar(bar('ACME', HISTORY));
    await running.desk.idle();
    expect(await sentiment('ACME')).toMatchObject({ sentimentSource: 'news', newsCount: 2 });
  });

  it('scores a headline on request and refuses an unreadable file with a reason', async () => {
    const scored = await invoke('news.score', { text: 'Net loss narrowed' });
    expect(scored.json()).toMatchObject({ ok: true, value: { label: 'positive' } });
    expect((await invoke('news.import', { fileName: 'x.csv', text: 'id,headline\n1,2' })).json()).toMatchObject({
      ok: true, value: { ok: false, message: expect.stringMatching(/header lacks time, symbols/) },
    });
    const bad = await invoke('news.list', { symbol: 'AC ME' });
    expect(bad.status).toBe(400);
  });
});
