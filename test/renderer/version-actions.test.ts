import { describe, expect, it } from 'vitest';
import type { ModelSummaryDto, ModelVersionDto } from '../../core/contract/model-ops-schemas.js';
import { actionsFor, describeAction } from '../../renderer/src/components/models-dashboard/version-actions.js';

const version = (status: ModelVersionDto['status'], breaker: 'open' | 'closed' = 'closed'): ModelVersionDto => ({
  version: `v-${status}`, status, trafficShare: 0, registeredAt: 1, refusedReason: status === 'refused' ? 'tampered' : null, manifestMetrics: {},
  live: { predictions: 0, resolved: 0, signals: 0, precision: null, brier: null, ece: null, meanLatencyMs: null },
  breaker: breaker === 'open' ? { state: 'open', trip: 'drift', reason: 'atrPct PSI 3.3', openedAt: 5 } : { state: 'closed', trip: null, reason: null, openedAt: null },
});
const model: ModelSummaryDto = { model: 'breakout', disabled: false, disabledReason: null, champion: 'v-champion', challenger: null, versions: [] };
const labels = (v: ModelVersionDto): string[] => actionsFor(model, v).map((a) => a.label);

describe('version actions of the models dashboard', () => {
  it('offers what fits where a version stands', () => {
    expect(labels(version('registered'))).toEqual(['Deploy…']);
    expect(labels(version('retired'))).toEqual(['Deploy…']);
    expect(labels(version('challenger'))).toEqual(['Promote', 'Roll back']);
    expect(labels(version('shadow'))).toEqual(['Promote', 'Roll back']);
    expect(labels(version('champion'))).toEqual(['Roll back']);
    expect(labels(version('refused'))).toEqual([]);
  });

  it('puts re-closing an open breaker first, for the trader only to press', () => {
    expect(actionsFor(model, version('champion', 'open'))[0]).toEqual({ label: 'Re-close breaker', action: { kind: 'closeBreaker', model: 'breakout', version: 'v-champion' } });
  });

  it('proposes a deploy as a 10% challenger, which the dialog can change', () => {
    expect(actionsFor(model, version('registered'))[0]?.action).toEqual({ kind: 'deploy', model: 'breakout', version: 'v-registered', mode: 'challenger', trafficShare: 0.1 });
  });

  it('says in the dialog what each action does', () => {
    expect(describeAction({ kind: 'rollback', model: 'breakout' }).effect).toMatch(/previous version answers again/);
    expect(describeAction({ kind: 'disableAll', disabled: true }).submit).toBe('Disable all');
    expect(describeAction({ kind: 'disableAll', disabled: false }).submit).toBe('Enable all');
    expect(describeAction({ kind: 'closeBreaker', model: 'breakout', version: 'v1' }).title).toBe('Re-close the breaker of v1');
  });
});
