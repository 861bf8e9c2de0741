import type { DeskApi, MlHealth, MlModels } from '../../../core/contract/index.js';
import { fmtTime } from '../format.js';
import type { LoadState } from '../stores/load-state.js';
import { ModelsDashboard } from './models-dashboard/models-dashboard.js';
import { PanelStateView } from './panel-state.js';

export interface ModelsPanelProps {
  readonly desk: DeskApi;
  readonly load: LoadState;
  readonly models: MlModels | undefined;
  readonly health: MlHealth | undefined;
}

/**
 * The models dashboard (registry, health, plots and actions), then which model serves each ML role and, when
 * the baseline stands in, why: the serving summary folds away, since the dashboard says the same at a glance.
 */
export function ModelsPanel({ desk, load, models, health }: ModelsPanelProps) {
  return (
    <>
      <ModelsDashboard desk={desk} />
      <details className="serving-summary">
        <summary>Serving summary (all ML roles)</summary>
        <ServingSummary load={load} models={models} health={health} />
      </details>
    </>
  );
}

function ServingSummary({ load, models, health }: Omit<ModelsPanelProps, 'desk'>) {
  return (
    <PanelStateView state={load} loading="Loading model status…" empty="" isEmpty={false} testId="models">
      {models !== undefined && (
        <dl className="kv" data-testid="models-panel" data-health={models.breakout.health}>
          <dt>Breakout model</dt>
          <dd data-testid="model-version">
            {models.breakout.version} ({models.breakout.source === 'model' ? 'trained model' : 'rule-based baseline'}, {models.breakout.interval} bars)
          </dd>
          <dt>Health</dt>
          <dd className={models.breakout.health === 'ok' ? 'up' : 'down'} data-testid="model-health">
            {models.breakout.health === 'ok' ? 'ok' : 'fallback'}
          </dd>
          <dt>Fallback</dt>
          <dd data-testid="model-fallback">
            {models.breakout.fallbackReason === null ? 'not in use' : `in use — ${models.breakout.fallbackReason}`}
          </dd>
          <dt>Predictions this run</dt>
          <dd>{models.breakout.predictions}</dd>
          <dt>Sentiment</dt>
          <dd>{models.sentiment.note}</dd>
          <dt>Risk sizing</dt>
          <dd>{models.risk.note}</dd>
          {health !== undefined && (
            <>
              <dt>Health checked</dt>
              <dd>
                {fmtTime(health.at)} — {health.status}
                {health.fallback.active ? ` (fallback: ${health.fallback.reason})` : ''}
              </dd>
            </>
          )}
        </dl>
      )}
    </PanelStateView>
  );
}
