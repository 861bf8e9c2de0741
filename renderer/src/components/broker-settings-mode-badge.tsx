import { useEffect } from 'react';
import type { DeskApi } from '../../../core/contract/index.js';
import { useBroker } from '../stores/broker-store.js';

/** The colours that say where orders go, here and wherever else the desk names the endpoint. */
export const ENDPOINT_STYLE = {
  paper: { background: '#14473f', color: '#b7f0e4' },
  liveSafe: { background: '#5c4813', color: '#ffe9a8' },
  armed: { background: '#b62324', color: '#ffffff' },
} as const;

/**
 * Always in the header, next to the kill switch: where a confirmed order would go. Paper is calm, a live
 * endpoint that is not armed is amber, armed live trading is red, so no one mistakes one for the other.
 */
export function BrokerModeBadge({ desk }: { readonly desk: DeskApi }) {
  const mode = useBroker((s) => s.mode);
  const load = useBroker((s) => s.load);
  const start = useBroker((s) => s.start);
  useEffect(() => void start(desk), [desk, start]);
  if (mode === undefined) {
    return <span className="muted" data-testid="broker-mode">{load.kind === 'error' ? `Broker: ${load.message}` : 'Broker: loading…'}</span>;
  }
  const live = mode.endpoint === 'live';
  const text = !live ? 'PAPER' : mode.armed ? 'LIVE · ARMED' : 'LIVE · not armed';
  const style = !live ? ENDPOINT_STYLE.paper : mode.armed ? ENDPOINT_STYLE.armed : ENDPOINT_STYLE.liveSafe;
  return (
    <span
      data-testid="broker-mode"
      data-endpoint={mode.endpoint}
      data-armed={String(mode.armed)}
      title={`${mode.summary} Orders go to ${mode.tradingUrl}.`}
      style={{ ...style, fontWeight: 700, fontSize: 12, padding: '2px 10px', borderRadius: 10, letterSpacing: 0.5 }}
    >
      {text}
    </span>
  );
}
