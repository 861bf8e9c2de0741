import type { ModelSummaryDto, ModelVersionDto } from '../../../../core/contract/model-ops-schemas.js';
import type { ModelAction } from '../../stores/model-ops-store.js';

/**
 * The actions that make sense for one version where it stands: an open breaker can be re-closed, an idle
 * version deployed, a challenger or shadow promoted or rolled back, the champion rolled back to the version it
 * replaced. A refused version offers nothing; its reason is what the trader needs.
 */
export function actionsFor(model: ModelSummaryDto, v: ModelVersionDto): { label: string; action: ModelAction }[] {
  const m = model.model;
  const out: { label: string; action: ModelAction }[] = [];
  if (v.breaker.state === 'open') out.push({ label: 'Re-close breaker', action: { kind: 'closeBreaker', model: m, version: v.version } });
  switch (v.status) {
    case 'registered':
    case 'retired':
      out.push({ label: 'Deploy…', action: { kind: 'deploy', model: m, version: v.version, mode: 'challenger', trafficShare: 0.1 } });
      break;
    case 'challenger':
    case 'shadow':
      out.push({ label: 'Promote', action: { kind: 'promote', model: m, version: v.version } });
      out.push({ label: 'Roll back', action: { kind: 'rollback', model: m } });
      break;
    case 'champion':
      out.push({ label: 'Roll back', action: { kind: 'rollback', model: m } });
      break;
    case 'refused':
      break;
  }
  return out;
}

/** What each action does, in the words the trader confirms. */
export function describeAction(a: ModelAction): { title: string; effect: string; submit: string } {
  switch (a.kind) {
    case 'deploy': return { title: `Deploy ${a.version}`, effect: `${a.model} ${a.version} starts answering as chosen below.`, submit: 'Deploy' };
    case 'promote': return { title: `Promote ${a.version}`, effect: `${a.version} becomes the champion of ${a.model} and takes all its traffic; the current champion is retired.`, submit: 'Promote' };
    case 'rollback': return { title: `Roll back ${a.model}`, effect: `The latest deployment of ${a.model} is undone: the previous version answers again.`, submit: 'Roll back' };
    case 'disable': return { title: `Disable ${a.model}`, effect: `${a.model} stops answering; its rule-based twin takes over until it is enabled.`, submit: 'Disable' };
    case 'enable': return { title: `Enable ${a.model}`, effect: `${a.model} answers again through its deployed versions.`, submit: 'Enable' };
    case 'disableAll': return a.disabled
      ? { title: 'Disable every model', effect: 'Every model stops; all rule-based twins answer until models are enabled again.', submit: 'Disable all' }
      : { title: 'Enable models again', effect: 'Deployed models answer again, each unless disabled on its own.', submit: 'Enable all' };
    case 'closeBreaker': return { title: `Re-close the breaker of ${a.version}`, effect: `${a.version} answers again; the fallback stops standing in for it. Only do this once the cause is understood.`, submit: 'Re-close' };
  }
}
