import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { seededUniform } from '../../util/seeded-random.js';
import { MemoryProposalStore } from './memory-proposal-store.js';
import type { Proposal, ProposalKind } from './proposal.js';
import type { ProposalRecords } from './proposal-records.js';
import { ProposalStore } from './proposal-store.js';

/** Every read the desk makes, as plain data. */
function snapshot(store: ProposalRecords, ids: readonly string[]): unknown {
  return {
    pending: store.pending(),
    due: [0, 5_000, 20_000, 1e9].map((t) => store.due(epochMs(t)).map((p) => p.id)),
    created: store.createdBetween(epochMs(2_000), epochMs(8_000)),
    byId: ids.map((id) => store.get(id) ?? null),
  };
}

/** A seeded stream of what the desk does to its proposals (made, refused, decided twice, edited, expired) with each outcome. */
function drive(store: ProposalRecords, seed: number, steps: number): { outcomes: unknown[]; ids: string[] } {
  const u = seededUniform(seed);
  const ids: string[] = [];
  const outcomes: unknown[] = [];
  let t = 1_000;
  for (let i = 0; i < steps; i++) {
    t += Math.floor(u() * 3) * 250; // equal times happen
    const r = u();
    const known = ids[Math.floor(u() * ids.length)];
    if (r < 0.4 || known === undefined) {
      const kind: ProposalKind = (['signal', 'signal', 'adjustment', 'rebalance'] as const)[Math.floor(u() * 4)] ?? 'signal';
      const broken = u() < 0.08;
      const p: Omit<Proposal, 'status' | 'edits'> = {
        id: u() < 0.05 && known !== undefined ? known : `p${i}`, kind, createdAt: epochMs(t), expiresAt: epochMs(t + 500 + Math.floor(u() * 10_000)),
        symbol: 'AAA', side: u() < 0.5 ? 'buy' : 'sell', quantity: broken ? -1 : 1 + Math.floor(u() * 100), entryType: 'market',
        reduceOnly: kind !== 'signal', ...(kind === 'rebalance' ? {} : { stopLoss: price(90), takeProfit: price(110) }),
        signalId: u() < 0.05 ? `s${Math.floor(u() * i)}` : `s${i}`, modelId: 'm1', ...(u() < 0.5 ? { predictionId: `x${i}` } : {}),
        prediction: { confidence: u(), nested: { a: [1, 2, { b: i }] }, gone: undefined, notANumber: Number.NaN },
        reasons: [`reason ${i}`], sizing: { method: 'test', quantity: i, negativeZero: -0 },
      };
      const stored = store.insert(p);
      outcomes.push(['insert', p.id, stored.ok ? stored.value : /already proposed/.test(stored.error) ? 'duplicate' : 'refused']);
      if (stored.ok) ids.push(p.id);
    } else if (r < 0.7) {
      const status = (['confirmed', 'rejected', 'expired'] as const)[Math.floor(u() * 3)] ?? 'confirmed';
      outcomes.push(['decide', known, store.decide(known, { status, at: epochMs(t), by: 'automation', ...(u() < 0.5 ? { reason: 'why' } : {}), ...(u() < 0.5 ? { clientOrderId: `o${i}` } : {}) })]);
    } else if (r < 0.85) {
      const q = 1 + Math.floor(u() * 50);
      outcomes.push(['edit', known, store.edit(known, { quantity: q, stopLoss: 85, takeProfit: 115, sizing: { editedQuantity: q }, edit: { at: epochMs(t), before: { quantity: 1 }, after: { quantity: q, stopLoss: 85 } } })]);
    } else {
      outcomes.push(['decide-unknown', store.decide('ghost', { status: 'rejected', at: epochMs(t), by: 'trader', reason: 'no such' }), store.get('ghost') ?? null]);
    }
  }
  return { outcomes, ids };
}

describe('proposal records: the SQLite table and the in-memory store answer alike', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-proposal-records-');
    db = openDatabase(tmp.file('desk.db'));
    // Decisions name orders this test never makes; that key is the order journal's business, tested with it.
    db.pragma('foreign_keys = OFF');
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it.each([1, 2, 3])('gives the same outcome to every call and the same reads after a seeded run of 300 desk calls (seed %i)', (seed) => {
    const sqlite = drive(new ProposalStore(db), seed, 300);
    const memory = new MemoryProposalStore();
    const inMemory = drive(memory, seed, 300);
    expect(inMemory.outcomes).toEqual(sqlite.outcomes);
    expect(snapshot(memory, sqlite.ids)).toEqual(snapshot(new ProposalStore(db), sqlite.ids));
    // The stream exercised refusals, duplicates, repeated decisions and edits, or the equality proves little.
    const rows = sqlite.outcomes as unknown[][];
    expect(rows.some((o) => o[0] === 'insert' && o[2] === 'refused')).toBe(true);
    expect(rows.some((o) => o[0] === 'insert' && o[2] === 'duplicate')).toBe(true);
    expect(new Set(rows.filter((o) => o[0] === 'decide' || o[0] === 'edit').map((o) => `${String(o[0])}:${String(o[2])}`)).size).toBe(4);
  });

  it('reads back prediction and sizing as the table would: JSON drops undefined and turns NaN into null and -0 into 0', () => {
    const memory = new MemoryProposalStore();
    drive(memory, 9, 5);
    const p = memory.get('p0');
    expect(p?.prediction).toEqual({ confidence: expect.any(Number) as number, nested: { a: [1, 2, { b: 0 }] }, notANumber: null });
    expect(Object.is(p?.sizing['negativeZero'], 0)).toBe(true);
  });

  it('persists every row as it ended into a run file, where the SQLite store reads the same', () => {
    const memory = new MemoryProposalStore();
    const { ids } = drive(memory, 4, 300);
    expect(memory.persistTo(db)).toEqual({ ok: true, value: memory.size });
    expect(memory.size).toBeGreaterThan(50);
    expect(snapshot(new ProposalStore(db), ids)).toEqual(snapshot(memory, ids));
    const again = memory.persistTo(db);
    expect(again.ok ? 'written twice' : again.error).toMatch(/could not write the backtest's proposals: UNIQUE/);
  });
});
