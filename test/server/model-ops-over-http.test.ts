import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp } from './raw-http.js';

let dir: string;
let running: HeadlessDesk;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-model-ops-http-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  running = await startHeadless({
    dbFile: path.join(dir, 'desk.db'), port: 0, seed: 3, clock: new ManualClock(1_000), rendererDir,
    createFeed: scriptedDeskFeed(new ScriptedFeed(), ['ACME']),
  });
});

afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = (): string => `127.0.0.1:${running.server.port}`;
const invoke = (name: string, body: unknown) => rawHttp(running.server.port, {
  method: 'POST', path: `/api/invoke/${name}`, body: JSON.stringify(body),
  headers: { Host: host(), Authorization: `Bearer ${running.server.token}`, 'Content-Type': 'application/json' },
});

describe('model operations over the headless server', () => {
  it('pushes the registry state on modelHealth to a WebSocket client when a script disables all models over HTTP', async () => {
    const ws = new WebSocket(`ws://${host()}/api/stream`, ['desk.v1', `bearer.${running.server.token}`]);
    const health = new Promise<unknown>((resolve) => ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { stream: string };
      if (message.stream === 'modelHealth') resolve(message);
    }));
    await new Promise((resolve) => ws.on('open', resolve));
    const res = await invoke('models.disableAll', { disabled: true, reason: 'maintenance window' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, value: { allDisabled: true, allDisabledReason: 'maintenance window' } });
    expect(await health).toMatchObject({ stream: 'modelHealth', payload: { allDisabled: true, fallback: { active: true } } });
    ws.close();
  });

  it('refuses a change without a reason with 400 and where, and changes nothing', async () => {
    const res = await invoke('models.disableAll', { disabled: true });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ path: 'reason' }] } });
    const list = await invoke('models.list', {});
    expect(list.json()).toMatchObject({ ok: true, value: { allDisabled: false } });
  });

  it('answers a refused registration with 409 and the reason', async () => {
    const res = await invoke('models.register', { model: 'breakout', dir: path.join(dir, 'no-such-version'), reason: 'try' });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^Not registered: .*manifest/) } });
  });
});
