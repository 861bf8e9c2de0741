import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ScriptedFeed, scriptedBar, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp } from './raw-http.js';

let dir: string;
let clock: ManualClock;
let running: HeadlessDesk;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'feed-routes-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  clock = new ManualClock(1_000);
  const feed = new ScriptedFeed([scriptedBar('ACME', 0, 100), scriptedBar('ACME', 1, 101)]);
  running = await startHeadless({ dbFile: path.join(dir, 'desk.db'), port: 0, seed: 3, clock, rendererDir, createFeed: scriptedDeskFeed(feed, ['ACME']) });
});

afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

function invoke(name: string, params: unknown) {
  const host = `127.0.0.1:${running.server.port}`;
  return rawHttp(running.server.port, {
    method: 'POST',
    path: `/api/invoke/${name}`,
    headers: { Host: host, Authorization: `Bearer ${running.server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
}

/** `count` one-minute rows of WIDE from 2024-01-02 14:30 UTC. */
function minuteCsv(count: number): string {
  const rows = ['datetime,open,high,low,close,volume'];
  for (let i = 0; i < count; i++) {
    const t = new Date(Date.UTC(2024, 0, 2, 14, 30) + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    rows.push(`${t},100.5,101.25,99.75,100.5,1000`);
  }
  return `${rows.join('\n')}\n`;
}

describe('feed settings over the headless server', () => {
  it('imports a CSV far above the ordinary 64 KB body limit and a replay of it reaches a WebSocket opened before the switch', async () => {
    const text = minuteCsv(20_000);
    expect(text.length).toBeGreaterThan(64 * 1024);
    const imported = await invoke('data.importCsv', { fileName: 'WIDE.csv', text });
    expect(imported.status).toBe(200);
    expect(imported.json()).toMatchObject({ ok: true, value: { ok: true, symbol: 'WIDE', interval: '1m', stored: 20_000, rejected: 0 } });

    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}/api/stream`, ['desk.v1', `bearer.${running.server.token}`]);
    const bars: string[] = [];
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { stream: string; payload: { symbol?: string } };
      if (message.stream === 'bar') bars.push(message.payload.symbol ?? '');
    });
    await new Promise((resolve) => ws.on('open', resolve));

    const switched = await invoke('feed.set', { feed: { kind: 'replay', symbols: ['WIDE'], interval: '1m', speed: 60 } });
    expect(switched.json()).toMatchObject({ ok: true, value: { running: { kind: 'replay', symbols: ['WIDE'] } } });
    const status = await invoke('desk.status', {});
    expect(status.json()).toMatchObject({ ok: true, value: { feed: { name: 'replay WIDE', symbols: ['WIDE'] } } });
    clock.advanceBy(2_000);
    await expect.poll(() => bars.length, { timeout: 5_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    expect(new Set(bars)).toEqual(new Set(['WIDE']));
    ws.close();
  });

  it('refuses a replay of a symbol nothing was stored for with 409 and its reason', async () => {
    const refused = await invoke('feed.set', { feed: { kind: 'replay', symbols: ['GHOST'], interval: '1d', speed: 86_400_000 } });
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('no stored 1d bars for GHOST') } });
    const status = await invoke('desk.status', {});
    expect(status.json()).toMatchObject({ ok: true, value: { feed: { name: 'scripted' } } });
  });

  it('still holds every other request to the ordinary body limit', async () => {
    const big = await invoke('desk.status', { pad: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
  });
});
