import type { ModelSummaryDto, ModelVersionDto } from '../../../../core/contract/model-ops-schemas.js';
import { fmtPct } from '../../format.js';
import type { ModelAction } from '../../stores/model-ops-store.js';
import { fmtFigure } from '../../chart/plot-scale.js';
import { actionsFor } from './version-actions.js';

export interface VersionsTableProps {
  readonly model: ModelSummaryDto;
  readonly selected: string | undefined;
  readonly busy: boolean;
  readonly onSelect: (version: string) => void;
  readonly onAction: (action: ModelAction) => void;
}

/**
 * A headline training figure: manifests name them by evaluation and model (`later-years.ensemble.brier`), so
 * the first key ending in `pattern` wins, the out-of-time evaluation listed first by the trainer.
 */
const metric = (v: ModelVersionDto, pattern: RegExp): number | null => {
  const key = Object.keys(v.manifestMetrics).find((k) => pattern.test(k));
  return key === undefined ? null : (v.manifestMetrics[key] ?? null);
};

/**
 * Every version of one model: where it stands, its traffic, its training and live figures and its breaker,
 * with the actions that make sense for it. A refused version shows why it was refused and offers nothing.
 */
export function VersionsTable({ model, selected, busy, onSelect, onAction }: VersionsTableProps) {
  return (
    <table className="grid versions" data-testid="model-versions">
      <thead>
        <tr>
          <th>Version</th><th>Status</th><th>Traffic</th><th>Trained prec. / Brier</th><th>Live prec. / Brier</th>
          <th>Resolved / served</th><th>Latency</th><th>Breaker</th><th />
        </tr>
      </thead>
      <tbody>
        {model.versions.map((v) => (
          <tr
            key={v.version}
            className={v.version === selected ? 'selectable selected' : 'selectable'}
            data-testid="model-version-row"
            data-version={v.version}
            data-status={v.status}
            data-breaker={v.breaker.state}
            onClick={() => onSelect(v.version)}
          >
            <td className="mono">{v.version}</td>
            <td>
              <span className={`pill status-${v.status}`}>{v.status}</span>
              {v.refusedReason !== null && <div className="refusal" data-testid="version-refused-reason">{v.refusedReason}</div>}
            </td>
            <td>{fmtPct(v.trafficShare)}</td>
            <td>{fmtFigure(metric(v, /(^|ensemble\.)precision/))} / {fmtFigure(metric(v, /(^|ensemble\.)brier$/))}</td>
            <td data-testid="version-live">{fmtFigure(v.live.precision)} / {fmtFigure(v.live.brier)}</td>
            <td>{v.live.resolved} / {v.live.predictions}</td>
            <td>{v.live.meanLatencyMs === null ? '—' : `${v.live.meanLatencyMs.toFixed(2)} ms`}</td>
            <td className={v.breaker.state === 'open' ? 'down' : 'up'} data-testid="version-breaker">
              {v.breaker.state}
              {/* The cell clamps to two lines; the whole reason is one hover away. */}
              {v.breaker.reason !== null && <div className="reasons" title={v.breaker.reason}>{v.breaker.trip}: {v.breaker.reason}</div>}
            </td>
            <td onClick={(e) => e.stopPropagation()}>
              <div className="actions">
                {actionsFor(model, v).map(({ label, action }) => (
                  <button key={label} type="button" disabled={busy} data-testid={`action-${action.kind}`} onClick={() => onAction(action)}>
                    {label}
                  </button>
                ))}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
