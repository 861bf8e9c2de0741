import type { AutomationPolicyDto, AutomationState, DeskFeed, FeedConfig, ImportReport, RiskLimitsDto } from '../../../core/contract/index.js';
import type { LoadState } from '../stores/load-state.js';
import { AutomationForm } from './automation-form.js';
import { BrokerSettings } from './broker-settings.js';
import { FeedSettings } from './feed-settings.js';
import { PanelStateView } from './panel-state.js';
import { RiskLimitsForm } from './risk-limits-form.js';

export interface SettingsPanelProps {
  readonly limitsLoad: LoadState;
  readonly limits: RiskLimitsDto | undefined;
  readonly automationLoad: LoadState;
  readonly automation: AutomationState | undefined;
  readonly onSaveLimits: (patch: Partial<RiskLimitsDto>, reason: string) => Promise<string | undefined>;
  readonly onSaveAutomation: (policy: AutomationPolicyDto) => Promise<string | undefined>;
  readonly feedLoad: LoadState;
  readonly feed: DeskFeed | undefined;
  readonly switching: boolean;
  readonly importing: boolean;
  readonly lastImport: ImportReport | undefined;
  readonly onSwitchFeed: (config: FeedConfig) => Promise<string | undefined>;
  readonly onImportCsv: (fileName: string, text: string) => Promise<string | undefined>;
}

/** Risk limits, the automation threshold and the feed (simulator, replay, CSV import) side by side. */
export function SettingsPanel(props: SettingsPanelProps) {
  return (
    <div className="settings" data-testid="settings-panel">
      <PanelStateView state={props.limitsLoad} loading="Loading risk limits…" empty="" isEmpty={false} testId="limits">
        {props.limits !== undefined && <RiskLimitsForm limits={props.limits} onSave={props.onSaveLimits} />}
      </PanelStateView>
      <PanelStateView state={props.automationLoad} loading="Loading automation…" empty="" isEmpty={false} testId="automation">
        {props.automation !== undefined && <AutomationForm automation={props.automation} onSave={props.onSaveAutomation} />}
      </PanelStateView>
      <PanelStateView state={props.feedLoad} loading="Loading the feed…" empty="" isEmpty={false} testId="feed">
        {props.feed !== undefined && (
          <FeedSettings
            feed={props.feed}
            switching={props.switching}
            importing={props.importing}
            lastImport={props.lastImport}
            onSwitch={props.onSwitchFeed}
            onImport={props.onImportCsv}
          />
        )}
      </PanelStateView>
      <BrokerSettings />
    </div>
  );
}
