import type { ModelOpsOverview, ModelSummaryDto } from '../../../../core/contract/model-ops-schemas.js';
import { fmtTime } from '../../format.js';
import type { ModelAction } from '../../stores/model-ops-store.js';

export interface HealthStripProps {
  readonly overview: ModelOpsOverview;
  readonly model: ModelSummaryDto | undefined;
  readonly busy: boolean;
  readonly onAction: (action: ModelAction) => void;
}

/** Most alerts listed; older ones are in the audit trail. */
const ALERTS_SHOWN = 4;

/** Live health: what answers now, the model's and the desk-wide switches, and the latest alerts. */
export function HealthStrip({ overview, model, busy, onAction }: HealthStripProps) {
  const openBreakers = model?.versions.filter((v) => v.breaker.state === 'open').length ?? 0;
  const state = overview.allDisabled || model?.disabled === true ? 'disabled' : overview.fallback.active ? 'fallback' : 'ok';
  return (
    <div className="health-strip" data-testid="model-health-strip" data-state={state} data-open-breakers={openBreakers}>
      <span className={`pill health-${state}`} data-testid="model-ops-state">
        {state === 'ok' ? 'models answering' : state === 'fallback' ? 'fallback answering' : 'disabled'}
      </span>
      <span className="muted" data-testid="model-ops-fallback">
        {overview.allDisabled
          ? `All models off: ${overview.allDisabledReason ?? ''}`
          : model?.disabled === true
            ? `${model.model} disabled: ${model.disabledReason ?? ''}`
            : overview.fallback.active ? `Fallback: ${overview.fallback.reason ?? ''}` : `champion ${model?.champion ?? '—'}${model?.challenger == null ? '' : ` · challenger ${model.challenger}`}`}
      </span>
      {openBreakers > 0 && <span className="down">{openBreakers} breaker{openBreakers === 1 ? '' : 's'} open</span>}
      <span data-testid="model-uptime" data-share={overview.uptime.share ?? ''}>
        uptime {fmtUptime(overview.uptime.share)} <span className="muted">({overview.uptime.healthy}/{overview.uptime.requests} answered by a model; bar 99.9%)</span>
      </span>
      <span className="spacer" />
      {model !== undefined && (
        <button type="button" disabled={busy} data-testid={model.disabled ? 'action-enable' : 'action-disable'} onClick={() => onAction({ kind: model.disabled ? 'enable' : 'disable', model: model.model })}>
          {model.disabled ? `Enable the ${model.model} model` : `Disable the ${model.model} model`}
        </button>
      )}
      <button type="button" className={overview.allDisabled ? undefined : 'danger'} disabled={busy} data-testid="action-disableAll" onClick={() => onAction({ kind: 'disableAll', disabled: !overview.allDisabled })}>
        {overview.allDisabled ? 'Enable all models' : 'Disable all models'}
      </button>
      {overview.alerts.length > 0 && (
        <ul className="alerts" data-testid="model-alerts">
          {overview.alerts.slice(0, ALERTS_SHOWN).map((a) => (
            <li key={`${a.at}-${a.kind}-${a.version ?? ''}`}>
              <span className="muted">{fmtTime(a.at)}</span> {a.version ?? a.model} · {a.kind}: {a.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Uptime is judged against 99.9 %, so it gets the decimals a whole percent would hide. */
function fmtUptime(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(2)}%`;
}
