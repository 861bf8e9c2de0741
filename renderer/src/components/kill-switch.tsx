import { useState } from 'react';
import type { KillSwitchState } from '../../../core/contract/index.js';
import { ReasonDialog } from './reason-dialog.js';

export interface KillSwitchProps {
  readonly state: KillSwitchState | undefined;
  readonly loadError: string | undefined;
  /** Resolves with an error message, or undefined when the switch moved. */
  readonly onSet: (on: boolean, reason: string) => Promise<string | undefined>;
}

/**
 * Always in the header: one press (plus a reason for the audit trail) stops all new risk. Turning it off
 * asks for a reason too, since it re-opens trading.
 */
export function KillSwitch({ state, loadError, onSet }: KillSwitchProps) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  if (state === undefined) {
    return (
      <div className="kill" data-testid="kill-switch" data-on="unknown">
        <span className="muted">{loadError === undefined ? 'Kill switch: loading…' : `Kill switch unavailable: ${loadError}`}</span>
      </div>
    );
  }
  const next = !state.on;
  const submit = async (reason: string) => {
    setBusy(true);
    const problem = await onSet(next, reason);
    setBusy(false);
    setError(problem);
    if (problem === undefined) setAsking(false);
  };
  const scopes = state.scopes.filter((s) => s !== 'global');
  return (
    <div className={`kill ${state.on ? 'on' : 'off'}`} data-testid="kill-switch" data-on={String(state.on)}>
      <span className="state">{state.on ? 'KILL SWITCH ON — no new orders' : 'Trading on'}</span>
      {scopes.length > 0 && <span className="muted">also off: {scopes.join(', ')}</span>}
      <button type="button" className={state.on ? 'ok' : 'danger'} data-testid="kill-switch-toggle" onClick={() => setAsking(true)}>
        {state.on ? 'Resume trading…' : 'Stop trading…'}
      </button>
      {asking && (
        <ReasonDialog
          title={next ? 'Turn the kill switch ON' : 'Turn the kill switch OFF'}
          prompt={next ? 'Why stop trading? Working entry orders are cancelled and new orders refused.' : 'Why is it safe to trade again?'}
          submitLabel={next ? 'Stop trading' : 'Resume trading'}
          error={error}
          busy={busy}
          onSubmit={(reason) => void submit(reason)}
          onCancel={() => {
            setAsking(false);
            setError(undefined);
          }}
          testId="kill-switch-dialog"
        />
      )}
    </div>
  );
}
