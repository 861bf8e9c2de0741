import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { breakoutBar, calmHistory } from '../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../core/desk/scripted-feed.js';
import { startHeadless } from '../core/server/headless.js';
import { ManualClock } from '../core/time/manual-clock.js';
import { median } from './stats.js';

/**
 * The headless API's per-request latency over loopback HTTP (keep-alive), for the ticket's endpoints and the
 * trading reads the UI polls. The reference is a bare node:http server answering a fixed small JSON on the
 * same machine with the same client, so the ratio is what the guards, dispatch, zod validation and the
 * handler add to a round trip.
 */
const REQUESTS = 2_000;
const REPEATS = 5;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function call(port: number, method: string, p: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: p, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Median over REPEATS of the mean µs per request of REQUESTS sequential requests. */
async function latencyUs(send: () => Promise<number>): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const status = await send();
      if (status !== 200) throw new Error(`bench request answered ${status}`);
    }
    runs.push(((performance.now() - t0) * 1000) / REQUESTS);
  }
  return median(runs);
}

function bareServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    const text = '{"ok":true,"value":{}}';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-desk-api-'));
  const symbols = ['ACME', 'BOLT', 'CORE', 'DYNA', 'EXPO', 'FLUX'];
  const feed = new ScriptedFeed(symbols.flatMap((s) => calmHistory(s, 300)));
  const desk = await startHeadless({
    dbFile: path.join(dir, 'desk.db'), port: 0, seed: 1, clock: new ManualClock(0), rendererDir: dir, createFeed: scriptedDeskFeed(feed, symbols, 300),
  });
  const bare = await bareServer();
  try {
    feed.emitBar(breakoutBar('ACME', 300));
    await desk.desk.idle();
    const port = desk.server.port;
    const auth = { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${desk.server.token}`, 'Content-Type': 'application/json' };
    const barePort = (bare.address() as AddressInfo).port;
    const reference = await latencyUs(() => call(barePort, 'GET', '/', {}));
    const cases: [string, () => Promise<number>][] = [
      ['GET /ml/breakout/ACME', () => call(port, 'GET', '/ml/breakout/ACME', auth)],
      ['POST /ml/batch/breakout (6 symbols)', () => call(port, 'POST', '/ml/batch/breakout', auth, JSON.stringify({ symbols }))],
      ['POST /api/invoke/portfolio.summary', () => call(port, 'POST', '/api/invoke/portfolio.summary', auth, '{}')],
      ['POST /api/invoke/proposals.list', () => call(port, 'POST', '/api/invoke/proposals.list', auth, '{}')],
    ];
    console.log(`reference: bare node:http JSON reply   ${reference.toFixed(0)} µs/request (median of ${REPEATS}×${REQUESTS})`);
    for (const [name, send] of cases) {
      const us = await latencyUs(send);
      console.log(`${name.padEnd(38)} ${us.toFixed(0)} µs/request  vs reference ${reference.toFixed(0)} µs  ratio ${(us / reference).toFixed(2)}x`);
    }
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
