import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calmHistory } from '../../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp } from '../server/raw-http.js';

let dir: string;
let running: HeadlessDesk;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'headless-broker-'));
  running = await startHeadless({
    dbFile: path.join(dir, 'desk.db'), port: 0, seed: 3, clock: new ManualClock(1_000), rendererDir: dir,
    createFeed: scriptedDeskFeed(new ScriptedFeed(calmHistory('ACME', 30)), ['ACME'], 30),
  });
});

afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

const invoke = (name: string, params: unknown): Promise<{ status: number; body: unknown }> =>
  rawHttp(running.server.port, {
    method: 'POST', path: `/api/invoke/${name}`, body: JSON.stringify(params),
    headers: { Host: `127.0.0.1:${running.server.port}`, Authorization: `Bearer ${running.server.token}`, 'Content-Type': 'application/json' },
  }).then((r) => ({ status: r.status, body: r.json() }));

describe('broker keys on a headless desk', () => {
  it('refuses to store keys (no OS keychain), names the environment variables, and writes no key anywhere', async () => {
    const secret = 'headless-secret-0123456789';
    const r = await invoke('broker.credentials.set', { account: 'paper', keyId: 'PKHEADLESS1234', secretKey: secret });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/headless.*DESK_ALPACA_PAPER_KEY_ID/s) } });
    expect(await invoke('broker.credentials.get', {})).toMatchObject({ status: 200, body: { ok: true, value: { storage: { kind: 'environment', writable: false } } } });
    for (const f of readdirSync(dir)) expect(readFileSync(path.join(dir, f)).includes(secret)).toBe(false);
  });

  it('starts on paper, unarmed, and will not arm without live keys', async () => {
    expect(await invoke('broker.mode.get', {})).toMatchObject({ body: { ok: true, value: { endpoint: 'paper', armed: false, tradingUrl: 'https://paper-api.alpaca.markets' } } });
    await invoke('broker.mode.set', { endpoint: 'live' });
    expect(await invoke('broker.live.arm', { confirm: 'TRADE LIVE' })).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/live account keys/) } } });
  });
});
