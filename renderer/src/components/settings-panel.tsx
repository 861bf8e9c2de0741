import type { AutomationPolicyDto, AutomationState, RiskLimitsDto } from '../../../core/contract/index.js';
import type { LoadState } from '../stores/load-state.js';
import { AutomationForm } from './automation-form.js';
import { PanelStateView } from './panel-state.js';
import { RiskLimitsForm } from './risk-limits-form.js';

export interface SettingsPanelProps {
  readonly limitsLoad: LoadState;
  readonly limits: RiskLimitsDto | undefined;
  readonly automationLoad: LoadState;
  readonly automation: AutomationState | undefined;
  readonly onSaveLimits: (patch: Partial<RiskLimitsDto>, reason: string) => Promise<string | undefined>;
  readonly onSaveAutomation: (policy: AutomationPolicyDto) => Promise<string | undefined>;
}

/** Risk limits and the automation threshold side by side; the feed is chosen at start (npm start --help). */
export function SettingsPanel(props: SettingsPanelProps) {
  return (
    <div className="settings" data-testid="settings-panel">
      <PanelStateView state={props.limitsLoad} loading="Loading risk limits…" empty="" isEmpty={false} testId="limits">
        {props.limits !== undefined && <RiskLimitsForm limits={props.limits} onSave={props.onSaveLimits} />}
      </PanelStateView>
      <PanelStateView state={props.automationLoad} loading="Loading automation…" empty="" isEmpty={false} testId="automation">
        {props.automation !== undefined && <AutomationForm automation={props.automation} onSave={props.onSaveAutomation} />}
      </PanelStateView>
    </div>
  );
}
