import { useEffect, useState } from 'react';
import type { DeskApi } from '../../../../core/contract/index.js';
import { errorOf, valueOf } from '../../stores/load-state.js';
import { useModelOps, type ModelAction } from '../../stores/model-ops-store.js';
import { PanelStateView } from '../panel-state.js';
import { AbComparison } from './ab-comparison.js';
import { DriftPlot } from './drift-plot.js';
import { FeatureImportance } from './feature-importance.js';
import { HealthStrip } from './health-strip.js';
import { MetricOverTime } from './metric-over-time.js';
import { ModelActionDialog } from './model-action-dialog.js';
import { ReliabilityDiagram } from './reliability-diagram.js';
import { RegisterVersion } from './register-version.js';
import { VersionsTable } from './versions-table.js';
import './models-dashboard.css';

/**
 * Model operations at a glance: live health and the switches, every version with its actions, and the
 * plots of the selected version (precision and Brier over time, reliability, importance, drift, A/B).
 * Every action is confirmed with a reason before it is sent.
 */
export function ModelsDashboard({ desk }: { readonly desk: DeskApi }) {
  const s = useModelOps();
  const [pending, setPending] = useState<ModelAction | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();

  // Read when the tab opens: registry state and plots move with every resolved prediction.
  useEffect(() => {
    void useModelOps.getState().start(desk);
  }, [desk]);

  const overview = s.overview;
  const model = overview?.models.find((m) => m.model === s.model);
  const metrics = valueOf(s.details.metrics);
  const selectedLabel = s.version === undefined ? '' : ` · plots of ${s.version}`;
  const openAction = (a: ModelAction): void => {
    setActionError(undefined);
    setPending(a);
  };
  const register = model === undefined ? undefined : (
    <RegisterVersion model={model.model} busy={s.busy} refusal={s.refusal} onRegister={(dir, reason) => s.register(desk, model.model, dir, reason)} />
  );
  return (
    <PanelStateView state={s.load} loading="Loading model operations…" empty="No model is registered yet." isEmpty={overview?.models.length === 0} testId="model-ops">
      {overview !== undefined && (
        <div className="models-dashboard" data-testid="models-dashboard" data-model={s.model ?? ''} data-version={s.version ?? ''}>
          <HealthStrip overview={overview} model={model} busy={s.busy} onAction={openAction} />
          {overview.models.length > 1 && (
            <div className="dashboard-bar">
              {overview.models.map((m) => (
                <button key={m.model} type="button" className={m.model === s.model ? 'primary' : undefined} onClick={() => void s.select(desk, m.model)}>{m.model}</button>
              ))}
            </div>
          )}
          {model !== undefined && model.versions.length === 0 && (
            <>
              <p className="empty" data-testid="models-no-version">
                No version of {model.model} is registered on this desk database yet, so there is nothing to plot. A desk on daily bars
                installs the shipped model at its first start; any other version is registered from its folder here.
              </p>
              {register}
            </>
          )}
          {model !== undefined && model.versions.length > 0 && (
            <>
              <VersionsTable model={model} selected={s.version} busy={s.busy} onSelect={(v) => void s.select(desk, model.model, v)} onAction={openAction} />
              {register}
              <div className="dashboard-bar muted">
                <span>{model.model}{selectedLabel}</span>
                <button type="button" onClick={() => void s.refreshDetails(desk)} data-testid="refresh-plots">Refresh plots</button>
              </div>
              <div className="plots">
                <MetricOverTime metric="precision" series={metrics?.series ?? []} error={errorOf(s.details.metrics)} />
                <MetricOverTime metric="brier" series={metrics?.series ?? []} error={errorOf(s.details.metrics)} />
                <ReliabilityDiagram data={valueOf(s.details.reliability)} error={errorOf(s.details.reliability)} />
                <FeatureImportance data={valueOf(s.details.importance)} error={errorOf(s.details.importance)} />
                <DriftPlot data={valueOf(s.details.drift)} error={errorOf(s.details.drift)} />
                <AbComparison data={valueOf(s.details.ab)} error={errorOf(s.details.ab)} />
              </div>
            </>
          )}
          {pending !== undefined && (
            <ModelActionDialog
              action={pending}
              error={actionError}
              busy={s.busy}
              onCancel={() => setPending(undefined)}
              onSubmit={(action, reason) => {
                void s.act(desk, action, reason).then((error) => {
                  setActionError(error);
                  if (error === undefined) setPending(undefined);
                });
              }}
            />
          )}
        </div>
      )}
    </PanelStateView>
  );
}
