import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isStreamName } from '../../core/contract/names.js';
import { deskRequests } from '../../core/contract/requests.js';
import { deskStreams } from '../../core/contract/streams.js';
import { breakoutBar, calmBar, calmHistory } from '../../core/desk/scripted-breakout.js';
import { quantity } from '../../core/market/units.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp, type RawResponse } from './raw-http.js';

const HISTORY = 100;
let dir: string;
let feed: ScriptedFeed;
let running: HeadlessDesk;
let clock: ManualClock;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ml-endpoints-'));
  feed = new ScriptedFeed([...calmHistory('ACME', HISTORY), ...calmHistory('BOLT', HISTORY)]);
  clock = new ManualClock(1_000);
  running = await startHeadless({
    dbFile: path.join(dir, 'desk.db'), port: 0, seed: 3, clock, rendererDir: dir,
    createFeed: scriptedDeskFeed(feed, ['ACME', 'BOLT'], HISTORY),
  });
  feed.emitBar(breakoutBar('ACME', HISTORY));
  await running.desk.idle();
});

afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = (): string => `127.0.0.1:${running.server.port}`;
const auth = (): Record<string, string> => ({ Host: host(), Authorization: `Bearer ${running.server.token}` });
const get = (p: string, headers: Record<string, string> = auth()): Promise<RawResponse> => rawHttp(running.server.port, { path: p, headers });
const post = (p: string, body: string, headers: Record<string, string> = { ...auth(), 'Content-Type': 'application/json' }): Promise<RawResponse> =>
  rawHttp(running.server.port, { method: 'POST', path: p, headers, body });

describe('ticket endpoints return the contract’s documented shapes', () => {
  it('GET /ml/health', async () => {
    const res = await get('/ml/health');
    expect(res.status).toBe(200);
    const health = deskRequests['ml.health'].result.parse(res.json());
    expect(health).toMatchObject({ status: 'fallback', fallback: { active: true, kind: 'rule-based' } });
  });

  it('GET /ml/models names the serving model and the fallback reason', async () => {
    const res = await get('/ml/models');
    expect(res.status).toBe(200);
    const models = deskRequests['ml.models'].result.parse(res.json());
    expect(models.breakout).toMatchObject({ version: 'baseline', source: 'baseline', health: 'fallback', predictions: 1 });
    expect(models.breakout.fallbackReason).toContain('1d bars');
  });

  it('GET /ml/breakout/:symbol gives the latest BreakoutPrediction', async () => {
    const res = await get('/ml/breakout/ACME');
    expect(res.status).toBe(200);
    const answer = deskRequests['ml.breakout'].result.parse(res.json());
    expect(answer).toMatchObject({ symbol: 'ACME', status: 'breakout', model: 'baseline', time: HISTORY * 60_000 });
    expect(answer.prediction?.direction).toBe('UP');
    expect(answer.prediction?.targetPrice).toBeGreaterThan(110);
  });

  it('GET /ml/breakout/:symbol is null with a reason for a quiet symbol', async () => {
    const answer = deskRequests['ml.breakout'].result.parse((await get('/ml/breakout/BOLT')).json());
    expect(answer).toMatchObject({ symbol: 'BOLT', status: 'quiet', prediction: null });
    expect(answer.reason).toContain('no breakout event');
  });

  it('GET /ml/sentiment/:symbol', async () => {
    const res = await get('/ml/sentiment/ACME');
    expect(res.status).toBe(200);
    const answer = deskRequests['ml.sentiment'].result.parse(res.json());
    expect(answer).toMatchObject({ symbol: 'ACME', overallSentiment: 0, newsCount: 0, impactScore: 0, sentimentSource: 'none' });
  });

  it('GET /ml/risk/:portfolioId/:symbol answers from the risk sizing (the baseline on this 1m desk, saying why) with the baseline and state', async () => {
    const res = await get('/ml/risk/paper/ACME');
    expect(res.status).toBe(200);
    const answer = deskRequests['ml.risk'].result.parse(res.json());
    expect(answer).toMatchObject({ method: 'baseline', sizer: 'baseline:vol-target-atr', fallbackReason: expect.stringContaining('trained on 1d bars') as unknown });
    expect(answer.state?.positionDetails.symbol).toBe('ACME');
    expect(answer.baseline?.stopLoss).toBe(answer.stopLoss);
    expect(answer.recommendedPosition).toBeGreaterThan(0);
    expect(answer.stopLoss).toBeLessThan(110);
  });

  it('GET /ml/risk for an unknown portfolio is a 404 with the one that exists', async () => {
    const res = await get('/ml/risk/margin/ACME');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('POST /ml/batch/breakout answers per symbol, in order', async () => {
    const res = await post('/ml/batch/breakout', JSON.stringify({ symbols: ['BOLT', 'ACME', 'NOPE'] }));
    expect(res.status).toBe(200);
    const answer = deskRequests['ml.batchBreakout'].result.parse(res.json());
    expect(answer.map((a) => [a.symbol, a.status])).toEqual([['BOLT', 'quiet'], ['ACME', 'breakout'], ['NOPE', 'unknown-symbol']]);
  });

  it('refuses a bad symbol in the path with 400 naming the field', async () => {
    const res = await get('/ml/breakout/AC%20ME');
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ path: 'symbol' }] } });
  });

  it('refuses an empty batch with 400', async () => {
    expect((await post('/ml/batch/breakout', JSON.stringify({ symbols: [] }))).status).toBe(400);
  });

  it('says which method a known path takes and lists the routes for an unknown one', async () => {
    expect((await post('/ml/models', '{}')).json()).toMatchObject({ error: { code: 'not-found', message: '/ml/models takes GET, not POST.' } });
    const unknown = await get('/ml/everything');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.json())).toContain('POST /ml/batch/breakout');
  });
});

describe('ticket endpoints are guarded like the rest of the API', () => {
  const paths: [string, string][] = [
    ['GET', '/ml/health'], ['GET', '/ml/models'], ['GET', '/ml/breakout/ACME'], ['GET', '/ml/sentiment/ACME'],
    ['GET', '/ml/risk/paper/ACME'], ['POST', '/ml/batch/breakout'],
  ];

  it.each(paths)('%s %s without a token → 401', async (method, p) => {
    const res = await rawHttp(running.server.port, { method, path: p, headers: { Host: host(), 'Content-Type': 'application/json' }, body: '{"symbols":["ACME"]}' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it.each(paths)('%s %s with a wrong token → 401', async (method, p) => {
    const res = await rawHttp(running.server.port, { method, path: p, headers: { Host: host(), Authorization: 'Bearer nope', 'Content-Type': 'application/json' }, body: '{"symbols":["ACME"]}' });
    expect(res.status).toBe(401);
  });

  it.each(paths)('%s %s from a foreign Host → 403 even with the token', async (method, p) => {
    const res = await rawHttp(running.server.port, { method, path: p, headers: { ...auth(), Host: 'evil.example:80', 'Content-Type': 'application/json' }, body: '{"symbols":["ACME"]}' });
    expect(res.status).toBe(403);
  });

  it.each(paths)('%s %s from a foreign Origin → 403 even with the token', async (method, p) => {
    const res = await rawHttp(running.server.port, { method, path: p, headers: { ...auth(), Origin: 'http://evil.example', 'Content-Type': 'application/json' }, body: '{"symbols":["ACME"]}' });
    expect(res.status).toBe(403);
  });
});

describe('trading requests over HTTP', () => {
  it('a confirm refused by the kill switch is 422 order-denied carrying the rule', async () => {
    const listed = await post('/api/invoke/proposals.list', '{}');
    const pending = deskRequests['proposals.list'].result.parse((listed.json() as { value: unknown }).value).pending;
    expect(pending).toHaveLength(1);
    await post('/api/invoke/risk.killSwitch.set', JSON.stringify({ on: true, reason: 'test halt' }));
    const res = await post('/api/invoke/proposals.confirm', JSON.stringify({ proposalId: pending[0]?.id }));
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'order-denied', rule: { ruleId: 'kill-switch' } } });
  });
});

describe('trading streams over the WebSocket', () => {
  it('a confirm streams the order, the next bar its fill and the portfolio, each valid against the contract', async () => {
    const ws = new WebSocket(`ws://${host()}/api/stream`, ['desk.v1', `bearer.${running.server.token}`]);
    const seen: { stream: string; payload: unknown }[] = [];
    ws.on('message', (data: Buffer) => seen.push(JSON.parse(data.toString('utf8')) as { stream: string; payload: unknown }));
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const listed = deskRequests['proposals.list'].result.parse(((await post('/api/invoke/proposals.list', '{}')).json() as { value: unknown }).value);
    await post('/api/invoke/proposals.confirm', JSON.stringify({ proposalId: listed.pending[0]?.id }));
    feed.emitBar({ ...calmBar('ACME', HISTORY + 1), volume: quantity(20_000) });
    await running.desk.idle();
    // The portfolio stream is throttled on the desk clock; past the window the latest state goes out.
    clock.advanceBy(250);
    // Poll until the fill has come through the socket.
    for (let i = 0; i < 200 && !(seen.some((m) => m.stream === 'fill') && seen.some((m) => m.stream === 'portfolio')); i++) await new Promise((r) => setImmediate(r));
    ws.close();
    const streams = new Set(seen.map((m) => m.stream));
    for (const s of ['proposal', 'order', 'fill', 'portfolio']) expect(streams).toContain(s);
    for (const m of seen) {
      expect(isStreamName(m.stream)).toBe(true);
      if (isStreamName(m.stream)) expect(deskStreams[m.stream].safeParse(m.payload).success).toBe(true);
    }
  });
});
