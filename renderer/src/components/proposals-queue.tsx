import { useState } from 'react';
import type { ProposalDto } from '../../../core/contract/index.js';
import type { LoadState } from '../stores/load-state.js';
import type { ProposalProblem } from '../stores/trading-store.js';
import { EditProposalDialog, type ProposalChange } from './edit-proposal-dialog.js';
import { PanelStateView } from './panel-state.js';
import { ProposalRow } from './proposal-row.js';
import { ReasonDialog } from './reason-dialog.js';

export interface ProposalsQueueProps {
  readonly load: LoadState;
  readonly pending: readonly ProposalDto[];
  readonly selectedId: string | undefined;
  readonly problems: Readonly<Record<string, ProposalProblem>>;
  readonly busy: Readonly<Record<string, true>>;
  readonly onSelect: (p: ProposalDto) => void;
  readonly onConfirm: (id: string) => void;
  readonly onEdit: (id: string, change: ProposalChange) => Promise<string | undefined>;
  readonly onReject: (id: string, reason: string) => Promise<string | undefined>;
}

type Open = { readonly kind: 'edit'; readonly proposal: ProposalDto } | { readonly kind: 'reject'; readonly proposal: ProposalDto } | undefined;

/** Pending proposals, oldest first: the one about to expire is at the top. */
export function ProposalsQueue({ load, pending, selectedId, problems, busy, onSelect, onConfirm, onEdit, onReject }: ProposalsQueueProps) {
  const [open, setOpen] = useState<Open>(undefined);
  const [rejectError, setRejectError] = useState<string | undefined>(undefined);
  return (
    <PanelStateView
      state={load}
      loading="Loading proposals…"
      empty="No proposals yet — the desk proposes a trade when a breakout fires. Keep the desk running; new proposals appear here."
      isEmpty={pending.length === 0}
      testId="proposals"
    >
      <table className="grid" data-testid="proposals-table" aria-label="Pending proposals">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Direction</th>
            <th className="num">Prob.</th>
            <th className="num">Conf.</th>
            <th className="num">Qty</th>
            <th className="num">Entry</th>
            <th className="num">Stop</th>
            <th className="num">Target</th>
            <th>Top reasons</th>
            <th>↑↓ · Enter confirms · E edits · R rejects</th>
          </tr>
        </thead>
        <tbody>
          {pending.map((p) => (
            <ProposalRow
              key={p.id}
              proposal={p}
              selected={p.id === selectedId}
              busy={busy[p.id] === true}
              problem={problems[p.id]}
              onSelect={() => onSelect(p)}
              onConfirm={() => onConfirm(p.id)}
              onEdit={() => setOpen({ kind: 'edit', proposal: p })}
              onReject={() => setOpen({ kind: 'reject', proposal: p })}
            />
          ))}
        </tbody>
      </table>
      {open?.kind === 'edit' && <EditProposalDialog proposal={open.proposal} onSubmit={(change) => onEdit(open.proposal.id, change)} onCancel={() => setOpen(undefined)} />}
      {open?.kind === 'reject' && (
        <ReasonDialog
          title={`Reject ${open.proposal.side} ${open.proposal.symbol}`}
          prompt="Why reject it? The reason is kept in the journal."
          submitLabel="Reject"
          error={rejectError}
          onSubmit={(reason) =>
            void onReject(open.proposal.id, reason).then((problem) => {
              setRejectError(problem);
              if (problem === undefined) setOpen(undefined);
            })
          }
          onCancel={() => {
            setOpen(undefined);
            setRejectError(undefined);
          }}
          testId="reject-dialog"
        />
      )}
    </PanelStateView>
  );
}
