import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ERROR_CODES } from '../../core/contract/errors.js';
import { REQUEST_NAMES, type RequestName } from '../../core/contract/names.js';
import { deskRequests } from '../../core/contract/requests.js';
import { breakoutBar, calmHistory } from '../../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { rawHttp, type RawResponse } from './raw-http.js';

// 1,000 fuzzed payloads per request type over HTTP: every answer is a result or a typed error, the server
// keeps answering, and nothing the trader relies on changes (orders, fills, proposals, risk settings).

const RUNS = 1_000;
const HISTORY = 100;
const WATCHED_TABLES = ['orders', 'order_events', 'fills', 'cash_movements', 'proposals', 'settings', 'risk_events', 'bars'] as const;
/** Requests whose VALID params change state: fuzzing keeps to payloads their schema refuses. */
const WRITES_WHEN_VALID: ReadonlySet<RequestName> = new Set(['risk.killSwitch.set', 'risk.limits.update', 'automation.set']);
const FIELD_NAMES = [
  'symbol', 'symbols', 'interval', 'limit', 'proposalId', 'clientOrderId', 'quantity', 'stopLoss', 'takeProfit', 'reason', 'on',
  'patch', 'policy', 'portfolioId', 'bySymbol', 'byModel', 'maxOrderQuantity', '__proto__', 'constructor',
];

let dir: string;
let dbFile: string;
let running: HeadlessDesk;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
  dbFile = path.join(dir, 'desk.db');
  const feed = new ScriptedFeed(calmHistory('ACME', HISTORY));
  running = await startHeadless({
    dbFile, port: 0, seed: 5, clock: new ManualClock(1_000), rendererDir: dir, createFeed: scriptedDeskFeed(feed, ['ACME'], HISTORY),
  });
  // A pending proposal, so a write would have something to act on.
  feed.emitBar(breakoutBar('ACME', HISTORY));
  await running.desk.idle();
});

afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of the watched tables, read through a separate read-only connection. */
function snapshot(): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    // Some tables are WITHOUT ROWID: rows are compared as a sorted set of their JSON.
    return JSON.stringify(WATCHED_TABLES.map((t) => db.prepare(`SELECT * FROM ${t}`).all().map((row) => JSON.stringify(row)).sort()));
  } finally {
    db.close();
  }
}

/** State read back through the API (automation is also in `settings`, but the in-memory copy must not drift either). */
async function memoryState(): Promise<string> {
  const read = async (name: RequestName): Promise<unknown> =>
    (await rawHttp(running.server.port, { method: 'POST', path: `/api/invoke/${name}`, headers: headers(), body: '{}' })).json();
  return JSON.stringify([await read('automation.get'), await read('proposals.list'), await read('orders.list')]);
}

const payload = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(fc.anything(), fc.string(), fc.double(), fc.boolean(), fc.constant(null))),
  fc.record({ proposalId: fc.string(), reason: fc.oneof(fc.string(), fc.constant('   ')) }),
  fc.record({ patch: fc.dictionary(fc.string(), fc.anything()) }),
);
/** A body as it arrives: JSON of the payload, or raw text that may not be JSON at all. */
const body = fc.oneof(
  { weight: 4, arbitrary: payload.map((p) => JSON.stringify(p) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
);

/** `/api/invoke` answers `{ ok: true, value }`; a ticket route answers the value itself, checked by `result`. */
function expectTyped(res: RawResponse, result?: (typeof deskRequests)[RequestName]['result']): void {
  const json = res.json() as { ok: boolean; error?: { code: string; message: string } };
  if (res.status === 200) {
    if (result === undefined) expect(json.ok).toBe(true);
    else expect(result.safeParse(json).success).toBe(true);
    return;
  }
  expect(json.ok).toBe(false);
  expect(DESK_ERROR_CODES).toContain(json.error?.code);
  expect(json.error?.code).not.toBe('internal');
  expect(json.error?.message.length).toBeGreaterThan(0);
}

const headers = (): Record<string, string> => ({
  Host: `127.0.0.1:${running.server.port}`, Authorization: `Bearer ${running.server.token}`, 'Content-Type': 'application/json',
});

describe('1,000 fuzzed payloads per request type', () => {
  it.each([...REQUEST_NAMES])('%s answers typed errors (or a read) and writes nothing', async (name) => {
    const before = snapshot();
    const memoryBefore = await memoryState();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        if (WRITES_WHEN_VALID.has(name)) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          fc.pre(parsed === undefined || !deskRequests[name].params.safeParse(parsed ?? {}).success);
        }
        const res = await rawHttp(running.server.port, { method: 'POST', path: `/api/invoke/${name}`, headers: headers(), body: text });
        expectTyped(res);
        if (res.status !== 200) refused++;
      }),
      { numRuns: RUNS, seed: 20_261_123 },
    );
    expect(snapshot()).toBe(before);
    expect(await memoryState()).toBe(memoryBefore);
    // Most fuzzed payloads are malformed; a request with no params accepts only the empty ones.
    expect(refused).toBeGreaterThan(RUNS / 2);
    const status = await rawHttp(running.server.port, { method: 'POST', path: '/api/invoke/desk.status', headers: headers(), body: '{}' });
    expect(status.status).toBe(200);
  }, 120_000);

  it('the ticket routes take fuzzed path segments and batch bodies without a crash or a write', async () => {
    const before = snapshot();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 12 }), body, async (segment, portfolio, text) => {
        const seg = encodeURIComponent(segment);
        const routes: [string, RequestName][] = [
          [`/ml/breakout/${seg}`, 'ml.breakout'], [`/ml/sentiment/${seg}`, 'ml.sentiment'], [`/ml/risk/${encodeURIComponent(portfolio)}/${seg}`, 'ml.risk'],
        ];
        for (const [p, name] of routes) expectTyped(await rawHttp(running.server.port, { path: p, headers: headers() }), deskRequests[name].result);
        const batch = await rawHttp(running.server.port, { method: 'POST', path: '/ml/batch/breakout', headers: headers(), body: text });
        expectTyped(batch, deskRequests['ml.batchBreakout'].result);
      }),
      { numRuns: RUNS, seed: 20_261_124 },
    );
    expect(snapshot()).toBe(before);
  }, 120_000);
});
