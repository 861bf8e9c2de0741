import { create } from 'zustand';
import type { AutomationPolicyDto, AutomationState, DeskApi, KillSwitchState, RiskLimitsDto } from '../../../core/contract/index.js';
import { errorState, LOADING, READY, type LoadState } from './load-state.js';

export interface RiskState {
  readonly killSwitch: KillSwitchState | undefined;
  readonly killSwitchError: string | undefined;
  readonly limitsLoad: LoadState;
  readonly limits: RiskLimitsDto | undefined;
  readonly automationLoad: LoadState;
  readonly automation: AutomationState | undefined;
}

export interface RiskActions {
  start(desk: DeskApi): Promise<void>;
  /** Resolves with an error message, or undefined when the switch moved. */
  setKillSwitch(desk: DeskApi, on: boolean, reason: string): Promise<string | undefined>;
  updateLimits(desk: DeskApi, patch: Partial<RiskLimitsDto>, reason: string): Promise<string | undefined>;
  setAutomation(desk: DeskApi, policy: AutomationPolicyDto): Promise<string | undefined>;
  /** Re-reads the kill switch: a daily-loss trip turns it on without the trader. */
  refreshKillSwitch(desk: DeskApi): Promise<void>;
}

export const useRisk = create<RiskState & RiskActions>()((set) => ({
  killSwitch: undefined,
  killSwitchError: undefined,
  limitsLoad: LOADING,
  limits: undefined,
  automationLoad: LOADING,
  automation: undefined,

  async start(desk) {
    const [kill, limits, automation] = await Promise.all([
      desk.invoke('risk.killSwitch.get', {}),
      desk.invoke('risk.limits.get', {}),
      desk.invoke('automation.get', {}),
    ]);
    set(kill.ok ? { killSwitch: kill.value, killSwitchError: undefined } : { killSwitchError: kill.error.message });
    set(limits.ok ? { limits: limits.value, limitsLoad: READY } : { limitsLoad: errorState(limits.error) });
    set(automation.ok ? { automation: automation.value, automationLoad: READY } : { automationLoad: errorState(automation.error) });
  },

  async refreshKillSwitch(desk) {
    const kill = await desk.invoke('risk.killSwitch.get', {});
    if (kill.ok) set({ killSwitch: kill.value, killSwitchError: undefined });
  },

  async setKillSwitch(desk, on, reason) {
    const response = await desk.invoke('risk.killSwitch.set', { on, reason });
    if (!response.ok) return response.error.message;
    set({ killSwitch: response.value, killSwitchError: undefined });
    return undefined;
  },

  async updateLimits(desk, patch, reason) {
    const response = await desk.invoke('risk.limits.update', { patch, reason });
    if (!response.ok) return issuesText(response.error.message, response.error.issues);
    set({ limits: response.value, limitsLoad: READY });
    return undefined;
  },

  async setAutomation(desk, policy) {
    const response = await desk.invoke('automation.set', { policy });
    if (!response.ok) return issuesText(response.error.message, response.error.issues);
    set({ automation: response.value, automationLoad: READY });
    return undefined;
  },
}));

function issuesText(message: string, issues: readonly { path: string; message: string }[] | undefined): string {
  if (issues === undefined || issues.length === 0) return message;
  return `${message} (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`;
}
