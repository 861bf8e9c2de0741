import type { EpochMs } from '../../market/units.js';
import type { Result } from '../../util/result.js';
import type { Proposal } from './proposal.js';
import type { DecisionRecord, EditRecord } from './proposal-store.js';

/**
 * Where proposals are kept. `ProposalStore` (the desk's SQLite table) is what a desk runs on; `MemoryProposalStore`
 * is what a backtest runs on, written into the run's file at the end when the file is kept. Both give the same
 * answers to the same calls, refusals included (proposal-records.contract.test.ts).
 */
export interface ProposalRecords {
  /** Stores a new pending proposal; a second proposal for the same signal (or id) is refused with a reason. */
  insert(p: Omit<Proposal, 'status' | 'edits'>): Result<Proposal, string>;
  get(id: string): Proposal | undefined;
  /** Records the decision if the proposal is still pending; false when it was already decided. */
  decide(id: string, d: DecisionRecord): boolean;
  /** Applies an edit if the proposal is still pending; false otherwise. */
  edit(id: string, e: EditRecord): boolean;
  /** Pending proposals, oldest first. */
  pending(): Proposal[];
  /** Pending proposals whose expiry is at or before `now`, soonest first. */
  due(now: EpochMs): Proposal[];
  /** Proposals created in [from, to], oldest first. */
  createdBetween(from: EpochMs, to: EpochMs): Proposal[];
}
