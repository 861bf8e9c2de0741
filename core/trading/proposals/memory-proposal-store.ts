import { epochMs, price, type EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import { jsonCopy } from '../../util/json-copy.js';
import { err, ok, type Result } from '../../util/result.js';
import type { Proposal } from './proposal.js';
import type { ProposalRecords } from './proposal-records.js';
import { toRow, withDecision, type DecisionRecord, type EditRecord, type ProposalRow } from './proposal-store.js';

const COLUMNS = Object.keys(toRow({
  id: 'x', kind: 'signal', createdAt: 0 as EpochMs, expiresAt: 1 as EpochMs, symbol: 'X', side: 'buy', quantity: 1, entryType: 'market',
  reduceOnly: false, signalId: 'x', modelId: 'x', prediction: {}, reasons: [], sizing: {},
}));

/**
 * A backtest's proposals, in memory: each one exactly as the SQLite `ProposalStore` would read it back (the JSON
 * columns as a JSON round trip leaves them, by `jsonCopy`; the decided one by `withDecision`), kept in a map
 * instead of written and read per call. The table's keys and checks are applied in SQLite's order (its CHECKs,
 * then one proposal per id and per signal); an edit that breaks a check throws, as the table's UPDATE does.
 * `persistTo` writes every proposal, as it ended, into a run's file in one transaction. See MemoryOrderJournal for
 * why a backtest may keep its records in memory while a desk may not.
 */
export class MemoryProposalStore implements ProposalRecords {
  readonly #proposals = new Map<string, Proposal>();
  readonly #signals = new Set<string>();

  insert(p: Omit<Proposal, 'status' | 'edits'>): Result<Proposal, string> {
    const refused = refusal(p);
    if (refused !== undefined) return err(`proposal ${p.id} not stored: CHECK constraint failed: ${refused}`);
    if (this.#proposals.has(p.id) || this.#signals.has(p.signalId)) return err(`signal ${p.signalId} was already proposed (proposal ids and signals are unique)`);
    // Field by field in the order a row read gives them, with what the columns keep.
    const stored: Proposal = {
      id: p.id, kind: p.kind, createdAt: epochMs(p.createdAt), expiresAt: epochMs(p.expiresAt), symbol: p.symbol, side: p.side,
      quantity: p.quantity, entryType: p.entryType, reduceOnly: p.reduceOnly,
      ...(p.stopLoss === undefined ? {} : { stopLoss: price(p.stopLoss) }),
      ...(p.takeProfit === undefined ? {} : { takeProfit: price(p.takeProfit) }),
      signalId: p.signalId, modelId: p.modelId,
      ...(p.predictionId === undefined ? {} : { predictionId: p.predictionId }),
      prediction: jsonCopy(p.prediction), reasons: jsonCopy(p.reasons), sizing: jsonCopy(p.sizing), status: 'pending', edits: [],
    };
    this.#proposals.set(p.id, stored);
    this.#signals.add(p.signalId);
    return ok(stored);
  }

  get(id: string): Proposal | undefined {
    return this.#proposals.get(id);
  }

  decide(id: string, d: DecisionRecord): boolean {
    const p = this.#proposals.get(id);
    if (p?.status !== 'pending') return false;
    this.#proposals.set(id, withDecision(p, d));
    return true;
  }

  edit(id: string, e: EditRecord): boolean {
    const p = this.#proposals.get(id);
    if (p?.status !== 'pending') return false;
    const edit = jsonCopy(e.edit);
    const { stopLoss: _stop, takeProfit: _target, ...rest } = p;
    const next: Proposal = {
      ...rest,
      quantity: e.quantity,
      ...(e.stopLoss === undefined ? {} : { stopLoss: price(e.stopLoss) }),
      ...(e.takeProfit === undefined ? {} : { takeProfit: price(e.takeProfit) }),
      sizing: jsonCopy(e.sizing),
      edits: [...p.edits, { ...edit, at: epochMs(edit.at) }],
    };
    // The table's UPDATE throws on a broken check; so does this, for the same caller code.
    const refused = refusal(next);
    if (refused !== undefined) throw new Error(`CHECK constraint failed: ${refused}`);
    this.#proposals.set(id, next);
    return true;
  }

  pending(): Proposal[] {
    return this.#select((p) => p.status === 'pending', byCreated);
  }

  due(now: EpochMs): Proposal[] {
    return this.#select((p) => p.status === 'pending' && p.expiresAt <= now, (a, b) => a.expiresAt - b.expiresAt);
  }

  createdBetween(from: EpochMs, to: EpochMs): Proposal[] {
    return this.#select((p) => p.createdAt >= from && p.createdAt <= to, byCreated);
  }

  /** Proposals stored so far. */
  get size(): number {
    return this.#proposals.size;
  }

  /** Writes every proposal, as it is now, into `db`'s proposals table in one transaction (in the order they were made). */
  persistTo(db: Db): Result<number, string> {
    const insert = db.prepare(`INSERT INTO proposals (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    try {
      db.transaction(() => {
        for (const p of this.#proposals.values()) insert.run(rowOf(p));
      })();
    } catch (cause) {
      return err(`could not write the backtest's proposals: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    return ok(this.#proposals.size);
  }

  #select(keep: (p: Proposal) => boolean, order: (a: Proposal, b: Proposal) => number): Proposal[] {
    const out: Proposal[] = [];
    for (const p of this.#proposals.values()) if (keep(p)) out.push(p);
    // Stable: equal keys keep the order proposals were made in, the table's rowid order.
    return out.sort(order);
  }
}

/** The row the table holds for `p` as it is now. */
function rowOf(p: Proposal): ProposalRow {
  return {
    ...toRow(p), status: p.status, decided_at: p.decidedAt ?? null, decided_by: p.decidedBy ?? null, decision_reason: p.decisionReason ?? null,
    edited: p.edits.length === 0 ? null : JSON.stringify(p.edits), client_order_id: p.clientOrderId ?? null,
  };
}

function byCreated(a: Proposal, b: Proposal): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The table's CHECKs (migration 0009) a proposal breaks, if any. */
function refusal(p: Omit<Proposal, 'status' | 'edits'>): string | undefined {
  if (!(p.expiresAt > p.createdAt)) return 'expires_at > created_at';
  if (!(p.quantity > 0)) return 'quantity > 0';
  if ((p.stopLoss !== undefined && !(p.stopLoss > 0)) || (p.takeProfit !== undefined && !(p.takeProfit > 0))) return 'stop_loss and take_profit must be positive';
  if (p.kind !== 'rebalance' && (p.stopLoss === undefined || p.takeProfit === undefined)) return "kind = 'rebalance' OR (stop_loss IS NOT NULL AND take_profit IS NOT NULL)";
  if (p.kind !== 'signal' && !p.reduceOnly) return "kind = 'signal' OR reduce_only = 1";
  return undefined;
}
