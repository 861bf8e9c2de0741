import type { ReactNode } from 'react';

/** Loading, error or empty: what a panel shows instead of data, always with the trader's next step. */
export type PanelState = { readonly kind: 'loading' } | { readonly kind: 'error'; readonly message: string } | { readonly kind: 'ready' };

export interface PanelStateViewProps {
  readonly state: PanelState;
  readonly loading: string;
  /** Shown when ready but there is nothing to list. */
  readonly empty: string;
  readonly isEmpty: boolean;
  readonly testId: string;
  readonly children: ReactNode;
}

export function PanelStateView({ state, loading, empty, isEmpty, testId, children }: PanelStateViewProps) {
  if (state.kind === 'loading') return <p className="empty" data-testid={`${testId}-loading`}>{loading}</p>;
  if (state.kind === 'error') {
    return (
      <p className="error" role="alert" data-testid={`${testId}-error`}>
        {state.message} Check that the desk is running, then reload the page.
      </p>
    );
  }
  if (isEmpty) return <p className="empty" data-testid={`${testId}-empty`}>{empty}</p>;
  return <>{children}</>;
}
