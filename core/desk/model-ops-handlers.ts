import type { DeskHandlers } from '../contract/desk-api.js';
import { DeskFailure, deskError } from '../contract/errors.js';
import type { MODEL_OPS_REQUEST_NAMES } from '../contract/names/model-ops-names.js';
import type { DriftDto } from '../contract/model-ops-schemas.js';
import type { Result } from '../util/result.js';
import type { DeskModelOps } from './desk-model-ops.js';
import { abDto, driftDto, importanceDto, reliabilityDto } from './model-ops-dto.js';

type ModelOpsHandlers = Pick<DeskHandlers, (typeof MODEL_OPS_REQUEST_NAMES)[number]>;

/** Points per version `models.metrics` returns when not told. */
export const DEFAULT_METRIC_POINTS = 500;
/** Resolved predictions in each rolling window of `models.metrics`, and the step between points. */
export const METRIC_WINDOW = 50;
export const METRIC_STEP = 5;

const fail = (code: 'not-found' | 'conflict', message: string): DeskFailure => new DeskFailure(deskError(code, message));

/** A registry refusal becomes a conflict the trader reads; anything else it returned is discarded. */
function must<T>(r: Result<T, string>): void {
  if (!r.ok) throw fail('conflict', r.error);
}

/**
 * The model-ops requests over one desk's registry. Every change goes through the registry as the trader
 * (audited with the reason given) and answers the whole new state, so a client redraws from one reply.
 */
export function createModelOpsHandlers(m: DeskModelOps): ModelOpsHandlers {
  const registry = m.ops.registry;
  const requireModel = (model: string): void => {
    if (model !== registry.model) throw fail('not-found', `No model ${model}; this desk's registry holds '${registry.model}' (models.list).`);
  };
  const requireVersion = (model: string, version: string): void => {
    requireModel(model);
    if (registry.version(version) === undefined) throw fail('not-found', `No version ${version} of ${model}; models.list shows the registered ones.`);
  };
  return {
    'models.list': () => m.overview(),
    'models.register': ({ model, dir, reason }) => {
      requireModel(model);
      const r = registry.register(dir, 'trader');
      if (!r.ok) throw fail('conflict', `Not registered: ${r.error}`);
      // The registry keeps its own 'registered from <dir>' line; the trader's reason joins the audit trail too.
      registry.note('registered', r.value.version, `trader: ${reason}`);
      return m.overview();
    },
    'models.deploy': ({ model, version, mode, trafficShare, reason }) => {
      requireVersion(model, version);
      if (mode === 'champion') must(registry.deployChampion(version, 'trader', reason));
      else if (mode === 'shadow') must(registry.deployShadow(version, 'trader', reason));
      // The schema makes a challenger carry its share.
      else must(registry.deployChallenger(version, trafficShare ?? 0, 'trader', reason));
      return m.overview();
    },
    'models.promote': ({ model, version, reason }) => {
      requireVersion(model, version);
      must(registry.promote(version, 'trader', reason));
      return m.overview();
    },
    'models.rollback': ({ model, reason }) => {
      requireModel(model);
      must(registry.rollback('trader', reason));
      return m.overview();
    },
    'models.disable': ({ model, reason }) => {
      requireModel(model);
      must(registry.setModelDisabled(true, 'trader', reason));
      return m.overview();
    },
    'models.enable': ({ model, reason }) => {
      requireModel(model);
      must(registry.setModelDisabled(false, 'trader', reason));
      return m.overview();
    },
    'models.disableAll': ({ disabled, reason }) => {
      must(registry.setAllDisabled(disabled, 'trader', reason));
      return m.overview();
    },
    'models.breaker.close': ({ model, version, reason }) => {
      requireVersion(model, version);
      must(registry.closeBreaker(version, 'trader', reason));
      return m.overview();
    },
    'models.metrics': ({ model, version, limit }) => {
      requireModel(model);
      const versions = version === undefined ? servedVersions(m) : (requireVersion(model, version), [version]);
      const max = limit ?? DEFAULT_METRIC_POINTS;
      return {
        model,
        window: METRIC_WINDOW,
        series: versions.map((v) => ({ version: v, points: m.ops.metricSeries(v, METRIC_WINDOW, METRIC_STEP).slice(-max).map((p) => ({ ...p })) })),
      };
    },
    'models.reliability': ({ model, version, bins }) => {
      requireVersion(model, version);
      return reliabilityDto(model, version, m.ops.reliability(version, bins));
    },
    'models.importance': ({ model, version }) => {
      requireVersion(model, version);
      return importanceDto(model, m.ops.importance(version));
    },
    'models.drift': ({ model, version }) => {
      requireVersion(model, version);
      const report = m.ops.drift(version);
      return report === undefined ? notServingDrift(m, model, version) : driftDto(report);
    },
    'models.abTest': ({ model }) => {
      requireModel(model);
      return abDto(m.ops.abComparison());
    },
  };
}

/** Every version that ever answered, champion first: what the metrics plot draws a line for. */
function servedVersions(m: DeskModelOps): string[] {
  const view = m.ops.registry.view();
  const rows = m.ops.registry.db.prepare<[string], { version: string }>(
    'SELECT DISTINCT version FROM predictions WHERE model = ? AND version IS NOT NULL',
  ).all(view.model).map((r) => r.version);
  const champion = view.champion === null ? [] : [view.champion];
  return [...new Set([...champion, ...(view.challenger === null ? [] : [view.challenger]), ...rows])];
}

/** Drift is measured against a loaded reference, so a version that is not deployed says so per feature. */
function notServingDrift(m: DeskModelOps, model: string, version: string): DriftDto {
  const names = m.ops.registry.version(version)?.manifest?.inputNames ?? [];
  return {
    model, version, threshold: m.ops.health.driftAlertPsi, samples: 0,
    features: names.map((feature) => ({ feature, psi: null, alert: false })), score: { psi: null, alert: false },
    reason: `${version} is not deployed, so its live inputs are not compared with its training reference`,
  };
}
