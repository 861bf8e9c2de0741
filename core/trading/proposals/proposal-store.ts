import type Database from 'better-sqlite3';
import { z } from 'zod';
import { epochMs, price, type EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import { err, ok, type Result } from '../../util/result.js';
import type { DecidedBy, Proposal, ProposalEdit, ProposalKind, ProposalStatus } from './proposal.js';
import type { ProposalRecords } from './proposal-records.js';

// A type, not an interface: a row binds as the insert's named parameters (a Record), which an interface is not.
/** One `proposals` row as better-sqlite3 binds and returns it. */
export type ProposalRow = {
  proposal_id: string;
  kind: ProposalKind;
  created_at: number;
  expires_at: number;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  entry_type: 'market' | 'limit' | 'stop' | 'stop_limit';
  limit_price: number | null;
  stop_price: number | null;
  reduce_only: number;
  stop_loss: number | null;
  take_profit: number | null;
  signal_id: string;
  model_id: string;
  prediction_id: string | null;
  prediction: string;
  reasons: string;
  sizing: string;
  status: ProposalStatus;
  decided_at: number | null;
  decided_by: DecidedBy | null;
  decision_reason: string | null;
  edited: string | null;
  client_order_id: string | null;
};

const jsonObject = z.record(z.string(), z.unknown());
const reasonList = z.array(z.string());
const editList = z.array(
  z.object({
    at: z.number(),
    before: z.object({ quantity: z.number(), stopLoss: z.number().optional(), takeProfit: z.number().optional() }),
    after: z.object({ quantity: z.number(), stopLoss: z.number().optional(), takeProfit: z.number().optional() }),
  }),
);

/** A decision to record: the row changes only if the proposal is still pending. */
export interface DecisionRecord {
  readonly status: Exclude<ProposalStatus, 'pending'>;
  readonly at: EpochMs;
  readonly by: DecidedBy;
  readonly reason?: string;
  readonly clientOrderId?: string;
}

/** The fields an edit may change, with the edit kept in the proposal's history. */
export interface EditRecord {
  readonly quantity: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly sizing: Readonly<Record<string, unknown>>;
  readonly edit: ProposalEdit;
}

/**
 * Proposals in SQLite (table of migration 0005). Every decision is a conditional UPDATE on
 * `status = 'pending'`, so a proposal is decided once even if two callers race; one proposal per signal
 * is the table's unique index.
 */
export class ProposalStore implements ProposalRecords {
  readonly #db: Db;
  readonly #insert: Database.Statement<Record<string, unknown>>;
  readonly #get: Database.Statement<[string], ProposalRow>;
  readonly #decide: Database.Statement<Record<string, unknown>>;
  readonly #edit: Database.Statement<Record<string, unknown>>;
  readonly #pending: Database.Statement<[], ProposalRow>;
  readonly #due: Database.Statement<[number], ProposalRow>;
  readonly #range: Database.Statement<[number, number], ProposalRow>;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT INTO proposals (proposal_id, kind, created_at, expires_at, symbol, side, quantity, entry_type,
      limit_price, stop_price, reduce_only, stop_loss, take_profit, signal_id, model_id, prediction_id, prediction, reasons, sizing, status)
      VALUES (@proposal_id, @kind, @created_at, @expires_at, @symbol, @side, @quantity, @entry_type, @limit_price, @stop_price,
      @reduce_only, @stop_loss, @take_profit, @signal_id, @model_id, @prediction_id, @prediction, @reasons, @sizing, 'pending')`);
    this.#get = db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE proposal_id = ?');
    this.#decide = db.prepare(`UPDATE proposals SET status = @status, decided_at = @at, decided_by = @by, decision_reason = @reason,
      client_order_id = @client_order_id WHERE proposal_id = @id AND status = 'pending'`);
    this.#edit = db.prepare(`UPDATE proposals SET quantity = @quantity, stop_loss = @stop_loss, take_profit = @take_profit,
      sizing = @sizing, edited = @edited WHERE proposal_id = @id AND status = 'pending'`);
    this.#pending = db.prepare<[], ProposalRow>("SELECT * FROM proposals WHERE status = 'pending' ORDER BY created_at, proposal_id");
    this.#due = db.prepare<[number], ProposalRow>("SELECT * FROM proposals WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at");
    this.#range = db.prepare<[number, number], ProposalRow>('SELECT * FROM proposals WHERE created_at BETWEEN ? AND ? ORDER BY created_at, proposal_id');
  }

  /** Stores a new pending proposal; a second proposal for the same signal is refused with a reason. */
  insert(p: Omit<Proposal, 'status' | 'edits'>): Result<Proposal, string> {
    const row = toRow(p);
    try {
      this.#insert.run(row);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/UNIQUE/.test(message)) return err(`signal ${p.signalId} was already proposed (proposal ids and signals are unique)`);
      return err(`proposal ${p.id} not stored: ${message}`);
    }
    // The row as stored, without reading it back: the table's checks refuse what it could not store as given
    // (numbers and texts come back from SQLite as they went in), and the JSON is parsed as a read would (its shape
    // needs no check: it was made from the typed proposal a moment ago).
    return ok(fromRow(row, true));
  }

  get(id: string): Proposal | undefined {
    const row = this.#get.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Records the decision if the proposal is still pending; false when it was already decided. */
  decide(id: string, d: DecisionRecord): boolean {
    return (
      this.#decide.run({ id, status: d.status, at: d.at, by: d.by, reason: d.reason ?? null, client_order_id: d.clientOrderId ?? null }).changes === 1
    );
  }

  /** Applies an edit if the proposal is still pending; false otherwise. */
  edit(id: string, e: EditRecord): boolean {
    return this.#db.transaction(() => {
      const row = this.#get.get(id);
      if (row === undefined || row.status !== 'pending') return false;
      const edits = [...parseEdits(row.edited, id), e.edit];
      return (
        this.#edit.run({
          id, quantity: e.quantity, stop_loss: e.stopLoss ?? null, take_profit: e.takeProfit ?? null,
          sizing: JSON.stringify(e.sizing), edited: JSON.stringify(edits),
        }).changes === 1
      );
    }).immediate();
  }

  pending(): Proposal[] {
    return this.#pending.all().map((r) => fromRow(r));
  }

  /** Pending proposals whose expiry is at or before `now`. */
  due(now: EpochMs): Proposal[] {
    return this.#due.all(now).map((r) => fromRow(r));
  }

  /** Proposals created in [from, to], oldest first. */
  createdBetween(from: EpochMs, to: EpochMs): Proposal[] {
    return this.#range.all(from, to).map((r) => fromRow(r));
  }
}

/**
 * What `get` reads back once `decide` recorded `d` on the pending proposal `p`: the same fields in the same
 * order as a row read, for a caller that holds the row it just decided and need not read and parse it again.
 * The prediction, reasons, sizing and edits are `p`'s own (read-only) values.
 */
export function withDecision(p: Proposal, d: DecisionRecord): Proposal {
  return {
    id: p.id,
    kind: p.kind,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    symbol: p.symbol,
    side: p.side,
    quantity: p.quantity,
    entryType: p.entryType,
    reduceOnly: p.reduceOnly,
    ...(p.stopLoss === undefined ? {} : { stopLoss: p.stopLoss }),
    ...(p.takeProfit === undefined ? {} : { takeProfit: p.takeProfit }),
    signalId: p.signalId,
    modelId: p.modelId,
    ...(p.predictionId === undefined ? {} : { predictionId: p.predictionId }),
    prediction: p.prediction,
    reasons: p.reasons,
    sizing: p.sizing,
    status: d.status,
    decidedAt: epochMs(d.at),
    decidedBy: d.by,
    ...(d.reason === undefined ? {} : { decisionReason: d.reason }),
    edits: p.edits,
    ...(d.clientOrderId === undefined ? {} : { clientOrderId: d.clientOrderId }),
  };
}

function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`stored proposal ${what} is not in the expected shape: ${parsed.error.message}`);
  return parsed.data;
}

/** A proposal's edit history from its `edited` text. */
export function parseEdits(text: string | null, id: string, trusted = false): ProposalEdit[] {
  if (text === null) return [];
  const edits = trusted ? (JSON.parse(text) as z.infer<typeof editList>) : parseJson(text, editList, `${id} edits`);
  return edits.map((e) => ({ ...e, at: epochMs(e.at) }) as ProposalEdit);
}

/** The pending row a new proposal is stored as; prediction, reasons and sizing as JSON text. */
export function toRow(p: Omit<Proposal, 'status' | 'edits'>): ProposalRow {
  return {
    proposal_id: p.id, kind: p.kind, created_at: p.createdAt, expires_at: p.expiresAt, symbol: p.symbol, side: p.side,
    quantity: p.quantity, entry_type: p.entryType, limit_price: null, stop_price: null, reduce_only: p.reduceOnly ? 1 : 0,
    stop_loss: p.stopLoss ?? null, take_profit: p.takeProfit ?? null, signal_id: p.signalId, model_id: p.modelId,
    prediction_id: p.predictionId ?? null, prediction: JSON.stringify(p.prediction), reasons: JSON.stringify(p.reasons),
    sizing: JSON.stringify(p.sizing), status: 'pending', decided_at: null, decided_by: null, decision_reason: null, edited: null,
    client_order_id: null,
  };
}

/**
 * The proposal a row stands for. `trusted`: the JSON texts were made by `toRow`/`edit` in this process, so their
 * shape needs no check; rows read from a file are checked, and one that is not in shape is refused with why.
 */
export function fromRow(row: ProposalRow, trusted = false): Proposal {
  const id = row.proposal_id;
  const json = <T,>(text: string, schema: z.ZodType<T>, what: string): T => (trusted ? (JSON.parse(text) as T) : parseJson(text, schema, what));
  return {
    id,
    kind: row.kind,
    createdAt: epochMs(row.created_at),
    expiresAt: epochMs(row.expires_at),
    symbol: row.symbol,
    side: row.side,
    quantity: row.quantity,
    entryType: row.entry_type,
    reduceOnly: row.reduce_only === 1,
    ...(row.stop_loss === null ? {} : { stopLoss: price(row.stop_loss) }),
    ...(row.take_profit === null ? {} : { takeProfit: price(row.take_profit) }),
    signalId: row.signal_id,
    modelId: row.model_id,
    ...(row.prediction_id === null ? {} : { predictionId: row.prediction_id }),
    prediction: json(row.prediction, jsonObject, `${id} prediction`),
    reasons: json(row.reasons, reasonList, `${id} reasons`),
    sizing: json(row.sizing, jsonObject, `${id} sizing`),
    status: row.status,
    ...(row.decided_at === null ? {} : { decidedAt: epochMs(row.decided_at) }),
    ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
    ...(row.decision_reason === null ? {} : { decisionReason: row.decision_reason }),
    edits: parseEdits(row.edited, id, trusted),
    ...(row.client_order_id === null ? {} : { clientOrderId: row.client_order_id }),
  };
}
