import type { EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import { err, ok, type Result } from '../../util/result.js';
import type { Proposal } from './proposal.js';
import type { ProposalRecords } from './proposal-records.js';
import { fromRow, parseEdits, toRow, type DecisionRecord, type EditRecord, type ProposalRow } from './proposal-store.js';

const COLUMNS = Object.keys(toRow({
  id: 'x', kind: 'signal', createdAt: 0 as EpochMs, expiresAt: 1 as EpochMs, symbol: 'X', side: 'buy', quantity: 1, entryType: 'market',
  reduceOnly: false, signalId: 'x', modelId: 'x', prediction: {}, reasons: [], sizing: {},
}));

/**
 * A backtest's proposals, in memory: the rows the SQLite `ProposalStore` would hold (the same JSON texts, so a
 * proposal reads back exactly as it would from the table), kept in a map instead of written and read per call.
 * The table's keys and checks are applied as the table would (one proposal per id and per signal, a positive
 * quantity, a later expiry, a bracket on signals and adjustments, reduce-only unless a signal); `persistTo` writes
 * every row, as it ended, into a run's file in one transaction. See MemoryOrderJournal for why a backtest may keep
 * its records in memory while a desk may not.
 */
export class MemoryProposalStore implements ProposalRecords {
  readonly #rows = new Map<string, ProposalRow>();
  readonly #signals = new Set<string>();

  insert(p: Omit<Proposal, 'status' | 'edits'>): Result<Proposal, string> {
    const row = toRow(p);
    // SQLite checks a row's CHECKs before its keys: a broken duplicate is refused as broken.
    const refused = refusal(row);
    if (refused !== undefined) return err(`proposal ${p.id} not stored: CHECK constraint failed: ${refused}`);
    if (this.#rows.has(row.proposal_id) || this.#signals.has(row.signal_id)) return err(`signal ${p.signalId} was already proposed (proposal ids and signals are unique)`);
    this.#rows.set(row.proposal_id, row);
    this.#signals.add(row.signal_id);
    return ok(fromRow(row, true));
  }

  get(id: string): Proposal | undefined {
    const row = this.#rows.get(id);
    return row === undefined ? undefined : fromRow(row, true);
  }

  decide(id: string, d: DecisionRecord): boolean {
    const row = this.#rows.get(id);
    if (row?.status !== 'pending') return false;
    this.#rows.set(id, { ...row, status: d.status, decided_at: d.at, decided_by: d.by, decision_reason: d.reason ?? null, client_order_id: d.clientOrderId ?? null });
    return true;
  }

  edit(id: string, e: EditRecord): boolean {
    const row = this.#rows.get(id);
    if (row?.status !== 'pending') return false;
    const edited = JSON.stringify([...parseEdits(row.edited, id, true), e.edit]);
    const next = { ...row, quantity: e.quantity, stop_loss: e.stopLoss ?? null, take_profit: e.takeProfit ?? null, sizing: JSON.stringify(e.sizing), edited };
    // The table's UPDATE throws on a broken check; so does this, for the same caller code.
    const refused = refusal(next);
    if (refused !== undefined) throw new Error(`CHECK constraint failed: ${refused}`);
    this.#rows.set(id, next);
    return true;
  }

  pending(): Proposal[] {
    return this.#select((r) => r.status === 'pending', byCreated);
  }

  due(now: EpochMs): Proposal[] {
    return this.#select((r) => r.status === 'pending' && r.expires_at <= now, (a, b) => a.expires_at - b.expires_at);
  }

  createdBetween(from: EpochMs, to: EpochMs): Proposal[] {
    return this.#select((r) => r.created_at >= from && r.created_at <= to, byCreated);
  }

  /** Proposals stored so far. */
  get size(): number {
    return this.#rows.size;
  }

  /** Writes every row, as it is now, into `db`'s proposals table in one transaction (in the order they were made). */
  persistTo(db: Db): Result<number, string> {
    const insert = db.prepare(`INSERT INTO proposals (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    try {
      db.transaction(() => {
        for (const row of this.#rows.values()) insert.run(row);
      })();
    } catch (cause) {
      return err(`could not write the backtest's proposals: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    return ok(this.#rows.size);
  }

  #select(keep: (row: ProposalRow) => boolean, order: (a: ProposalRow, b: ProposalRow) => number): Proposal[] {
    const rows: ProposalRow[] = [];
    for (const row of this.#rows.values()) if (keep(row)) rows.push(row);
    // Stable: equal keys keep the order rows were made in, the table's rowid order.
    return rows.sort(order).map((r) => fromRow(r, true));
  }
}

function byCreated(a: ProposalRow, b: ProposalRow): number {
  return a.created_at - b.created_at || (a.proposal_id < b.proposal_id ? -1 : a.proposal_id > b.proposal_id ? 1 : 0);
}

/** The table's CHECKs (migration 0009) a row breaks, if any. */
function refusal(r: ProposalRow): string | undefined {
  if (!(r.expires_at > r.created_at)) return 'expires_at > created_at';
  if (!(r.quantity > 0)) return 'quantity > 0';
  if ((r.stop_loss !== null && !(r.stop_loss > 0)) || (r.take_profit !== null && !(r.take_profit > 0))) return 'stop_loss and take_profit must be positive';
  if (r.kind !== 'rebalance' && (r.stop_loss === null || r.take_profit === null)) return "kind = 'rebalance' OR (stop_loss IS NOT NULL AND take_profit IS NOT NULL)";
  if (r.kind !== 'signal' && r.reduce_only !== 1) return "kind = 'signal' OR reduce_only = 1";
  return undefined;
}
