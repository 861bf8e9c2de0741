import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ScriptedFeed, scriptedBar, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { startHeadless, TOKEN_FILE_NAME, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp } from './raw-http.js';

let dir: string;
let feed: ScriptedFeed;
let running: HeadlessDesk;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-server-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  feed = new ScriptedFeed([scriptedBar('ACME', 0, 100), scriptedBar('ACME', 1, 101)]);
  running = await startHeadless({
    dbFile: path.join(dir, 'data', 'desk.db'), port: 0, seed: 3, clock: new ManualClock(1_000), rendererDir,
    createFeed: scriptedDeskFeed(feed, ['ACME', 'BOLT']),
  });
});

afterEach(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = (): string => `127.0.0.1:${running.server.port}`;
const auth = (): Record<string, string> => ({ Host: host(), Authorization: `Bearer ${running.server.token}` });
const jsonAuth = (): Record<string, string> => ({ ...auth(), 'Content-Type': 'application/json' });

function invoke(name: string, body: string, headers: Record<string, string> = jsonAuth()) {
  return rawHttp(running.server.port, { method: 'POST', path: `/api/invoke/${name}`, headers, body });
}

describe('desk server: authentication', () => {
  it('writes the token to a 0600 file in the data folder and removes it on close', async () => {
    const file = path.join(dir, 'data', TOKEN_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(running.server.token);
    await running.close();
    expect(existsSync(file)).toBe(false);
  });

  it('puts the token in the URL fragment only', () => {
    expect(running.server.url).toBe(`http://${host()}/#token=${running.server.token}`);
  });

  it('rejects a request without a token with 401 and changes nothing', async () => {
    const res = await invoke('market.symbols', '{}', { Host: host(), 'Content-Type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('rejects a wrong token with 401', async () => {
    const res = await invoke('market.symbols', '{}', { Host: host(), 'Content-Type': 'application/json', Authorization: 'Bearer wrong' });
    expect(res.status).toBe(401);
  });

  it('rejects /ml/health without a token', async () => {
    expect((await rawHttp(running.server.port, { path: '/ml/health', headers: { Host: host() } })).status).toBe(401);
  });
});

describe('desk server: start-up', () => {
  it('fails cleanly when the port is taken, releasing the database', async () => {
    const dbFile = path.join(dir, 'second.db');
    const second = new ScriptedFeed();
    await expect(startHeadless({
      dbFile, port: running.server.port, seed: 1, clock: new ManualClock(), rendererDir: dir, createFeed: scriptedDeskFeed(second, ['ACME']),
    })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(second.running).toBe(false);
    expect(existsSync(path.join(dir, TOKEN_FILE_NAME))).toBe(false);
  });
});

describe('desk server: DNS rebinding and cross-origin', () => {
  it('rejects a foreign Host with 403 even with the right token', async () => {
    const res = await invoke('market.symbols', '{}', { ...jsonAuth(), Host: `evil.example:${running.server.port}` });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('rejects our host on another port', async () => {
    expect((await rawHttp(running.server.port, { path: '/', headers: { Host: '127.0.0.1:1' } })).status).toBe(403);
  });

  it('rejects a foreign Origin with 403', async () => {
    const res = await invoke('market.symbols', '{}', { ...jsonAuth(), Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('accepts its own origin under either loopback name', async () => {
    const port = running.server.port;
    const res = await invoke('market.symbols', '{}', { ...jsonAuth(), Host: `localhost:${port}`, Origin: `http://localhost:${port}` });
    expect(res.status).toBe(200);
  });
});

describe('desk server: request bodies', () => {
  it('rejects a non-JSON body with 415', async () => {
    const res = await invoke('market.symbols', 'symbol=ACME', { ...auth(), 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({ error: { code: 'unsupported-media-type' } });
  });

  it('rejects malformed JSON with 400 bad-json', async () => {
    const res = await invoke('market.bars', '{"symbol":', jsonAuth());
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'bad-json' } });
  });

  it('rejects a body over the size limit with 413', async () => {
    const res = await invoke('market.bars', JSON.stringify({ symbol: 'A'.repeat(100_000) }));
    expect(res.status).toBe(413);
  });

  it('rejects an oversized body that does not declare its length', async () => {
    const res = await invoke('market.bars', JSON.stringify({ symbol: 'A'.repeat(100_000) }), { ...jsonAuth(), 'Transfer-Encoding': 'chunked' });
    expect(res.status).toBe(413);
  });

  it('answers an invalid payload with a typed error and stores nothing', async () => {
    const res = await invoke('market.bars', JSON.stringify({ symbol: 'ACME', limit: 'all' }));
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ path: 'limit' }] } });
    expect(running.desk.status().db.barsStored).toBe(2);
  });

  it('answers an unknown request name with 404 unknown-request', async () => {
    const res = await invoke('orders.drop', '{}');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'unknown-request' } });
  });

  it('answers a malformed name escape with 404, not a server error', async () => {
    expect((await invoke('%E0%A4%A', '{}')).status).toBe(404);
  });

  it('treats an empty JSON body as no params', async () => {
    const res = await invoke('desk.status', '');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, value: { feed: { name: 'scripted', seed: 3, symbols: ['ACME', 'BOLT'] } } });
  });
});

describe('desk server: API', () => {
  it('returns stored bars for a symbol', async () => {
    const res = await invoke('market.bars', JSON.stringify({ symbol: 'ACME' }));
    expect(res.json()).toMatchObject({ ok: true, value: [{ close: 100 }, { close: 101 }] });
  });

  it('reports ML health honestly: no models, rule-based fallback', async () => {
    const res = await rawHttp(running.server.port, { path: '/ml/health', headers: auth() });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'fallback', models: [], fallback: { active: true, kind: 'rule-based' } });
  });

  it('answers an unknown API path with 404', async () => {
    const res = await rawHttp(running.server.port, { path: '/api/nothing', headers: auth() });
    expect(res.status).toBe(404);
  });
});

describe('desk server: renderer files', () => {
  it('serves the renderer with a strict CSP and no token', async () => {
    const res = await rawHttp(running.server.port, { path: '/', headers: { Host: host() } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`ws://${host()}`);
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves built assets with their content type, and HEAD without a body', async () => {
    const res = await rawHttp(running.server.port, { path: '/assets/app.js', headers: { Host: host() } });
    expect(res.headers['content-type']).toContain('text/javascript');
    const head = await rawHttp(running.server.port, { method: 'HEAD', path: '/assets/app.js', headers: { Host: host() } });
    expect([head.status, head.text]).toEqual([200, '']);
  });

  it('refuses paths that climb out of the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%E0%A4%A']) {
      const res = await rawHttp(running.server.port, { path: p, headers: { Host: host() } });
      expect([p, res.status]).toEqual([p, 404]);
    }
  });

  it('refuses writes to the renderer', async () => {
    const res = await rawHttp(running.server.port, { method: 'PUT', path: '/index.html', headers: { Host: host() }, body: 'x' });
    expect(res.status).toBe(404);
  });

  it('says how to build the renderer when it is missing', async () => {
    rmSync(path.join(dir, 'renderer'), { recursive: true });
    const res = await rawHttp(running.server.port, { path: '/', headers: { Host: host() } });
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });
});

describe('desk server: WebSocket streams', () => {
  function connect(protocols: string[], headers: Record<string, string> = {}, pathName = '/api/stream'): WebSocket {
    return new WebSocket(`ws://${host()}${pathName}`, protocols, { headers });
  }

  function outcome(ws: WebSocket): Promise<string> {
    return new Promise((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
  }

  it('delivers a closed bar to an authorised client', async () => {
    const ws = connect(['desk.v1', `bearer.${running.server.token}`]);
    const received = new Promise<unknown>((resolve) => ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
    expect(await outcome(ws)).toBe('open');
    expect(ws.protocol).toBe('desk.v1');
    feed.emitBar(scriptedBar('ACME', 2, 104));
    expect(await received).toMatchObject({ stream: 'bar', payload: { symbol: 'ACME', close: 104 } });
    ws.close();
  });

  it('refuses a handshake without the token', async () => {
    expect(await outcome(connect(['desk.v1']))).toBe('401');
  });

  it('refuses a handshake with a wrong token', async () => {
    expect(await outcome(connect(['desk.v1', 'bearer.nope']))).toBe('401');
  });

  it('refuses a handshake from a foreign origin', async () => {
    expect(await outcome(connect(['desk.v1', `bearer.${running.server.token}`], { Origin: 'http://evil.example' }))).toBe('403');
  });

  it('refuses a handshake on another path', async () => {
    expect(await outcome(connect(['desk.v1', `bearer.${running.server.token}`], {}, '/elsewhere'))).toBe('404');
  });

  it('counts connected WebSocket clients', async () => {
    const ws = connect(['desk.v1', `bearer.${running.server.token}`]);
    await outcome(ws);
    expect(running.server.clientCount()).toBe(1);
    ws.close();
  });
});
