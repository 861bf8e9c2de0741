import { z } from 'zod';
import type { RequestSpec } from '../request-spec.js';
import type { MODEL_OPS_REQUEST_NAMES } from '../names/model-ops-names.js';
import {
  abComparisonSchema,
  driftSchema,
  featureImportanceSchema,
  metricsSeriesSchema,
  modelNameSchema,
  modelOpsOverviewSchema,
  modelVersionIdSchema,
  reliabilitySchema,
} from '../model-ops-schemas.js';

/** Every model-ops change is audited with the trader's reason, so a blank one is refused before anything moves. */
const reasonSchema = z.string().trim().min(1, 'a reason is required (it goes to the audit trail)').max(500, 'reason is longer than 500 characters');
/** Largest traffic share a challenger may take; more than half would make the champion the minority. */
export const MAX_CHALLENGER_SHARE = 0.5;
/** Most bins a reliability diagram is asked for. */
export const MAX_RELIABILITY_BINS = 50;
/** Most points per version `models.metrics` returns. */
export const MAX_METRIC_POINTS = 2_000;

const modelVersion = { model: modelNameSchema, version: modelVersionIdSchema };

const deployParams = z
  .strictObject({
    ...modelVersion,
    /** champion: answers all traffic; challenger: `trafficShare` of symbol-days; shadow: predicts and is logged, never acts. */
    mode: z.enum(['champion', 'challenger', 'shadow'], { error: "mode must be 'champion', 'challenger' or 'shadow'" }),
    trafficShare: z.number().gt(0, 'trafficShare must be above 0').max(MAX_CHALLENGER_SHARE, `trafficShare is at most ${MAX_CHALLENGER_SHARE}`).optional(),
    reason: reasonSchema,
  })
  .superRefine((p, ctx) => {
    if (p.mode === 'challenger' && p.trafficShare === undefined) {
      ctx.addIssue({ code: 'custom', path: ['trafficShare'], message: 'a challenger needs a trafficShare (e.g. 0.1 for 10% of symbol-days)' });
    }
    if (p.mode !== 'challenger' && p.trafficShare !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['trafficShare'], message: `trafficShare applies only to a challenger; a ${p.mode} takes ${p.mode === 'champion' ? 'all' : 'none of the'} traffic` });
    }
  });

/** Params and result schemas of the names in `names/model-ops-names.ts`; a missing or extra entry is a compile error. */
export const modelOpsRequests = {
  'models.list': {
    params: z.strictObject({}),
    result: modelOpsOverviewSchema,
    summary: 'Every model with its versions (status, traffic, manifest and live figures, breaker), the fallback state and recent alerts.',
  },
  'models.register': {
    params: z.strictObject({
      model: modelNameSchema,
      /** Absolute path of a version folder on the desk's machine (manifest.json and the files it lists). */
      dir: z.string().trim().min(1, 'dir is empty').max(1_000, 'dir is longer than 1000 characters'),
      reason: reasonSchema,
    }),
    result: modelOpsOverviewSchema,
    summary: 'Register a version folder: manifest verified, schema hash and golden vectors checked; a refusal is a conflict with the reason.',
  },
  'models.deploy': {
    params: deployParams,
    result: modelOpsOverviewSchema,
    summary: 'Deploy a registered version as champion, as a challenger on a share of symbol-days, or in shadow.',
  },
  'models.promote': {
    params: z.strictObject({ ...modelVersion, reason: reasonSchema }),
    result: modelOpsOverviewSchema,
    summary: 'Make a challenger or shadow version the champion; the old champion is retired.',
  },
  'models.rollback': {
    params: z.strictObject({ model: modelNameSchema, reason: reasonSchema }),
    result: modelOpsOverviewSchema,
    summary: 'Undo the latest deployment of a model in one action: the previous version answers again.',
  },
  'models.disable': {
    params: z.strictObject({ model: modelNameSchema, reason: reasonSchema }),
    result: modelOpsOverviewSchema,
    summary: 'Disable a model (persisted, audited): its rule-based twin answers until it is enabled.',
  },
  'models.enable': {
    params: z.strictObject({ model: modelNameSchema, reason: reasonSchema }),
    result: modelOpsOverviewSchema,
    summary: 'Enable a disabled model again.',
  },
  'models.disableAll': {
    params: z.strictObject({ disabled: z.boolean(), reason: reasonSchema }),
    result: modelOpsOverviewSchema,
    summary: 'The emergency switch: every model off (all rule-based twins answer), or back on.',
  },
  'models.breaker.close': {
    params: z.strictObject({ ...modelVersion, reason: reasonSchema }),
    result: modelOpsOverviewSchema,
    summary: "Re-close a version's open circuit breaker; only the trader can, never the system.",
  },
  'models.metrics': {
    params: z.strictObject({
      model: modelNameSchema,
      version: modelVersionIdSchema.optional(),
      limit: z.number().int().min(1).max(MAX_METRIC_POINTS).optional(),
    }),
    result: metricsSeriesSchema,
    summary: 'Rolling precision, Brier score, signal count and uptime over time per version (the newest `limit` points).',
  },
  'models.reliability': {
    params: z.strictObject({ ...modelVersion, bins: z.number().int().min(2).max(MAX_RELIABILITY_BINS).optional() }),
    result: reliabilitySchema,
    summary: "A version's reliability curve: predicted probability against the observed success rate, per bin.",
  },
  'models.importance': {
    params: z.strictObject(modelVersion),
    result: featureImportanceSchema,
    summary: "Permutation importance of each input on a version's recent resolved predictions.",
  },
  'models.drift': {
    params: z.strictObject(modelVersion),
    result: driftSchema,
    summary: 'Population stability index per feature and of the score against the training reference, with the alert threshold.',
  },
  'models.abTest': {
    params: z.strictObject({ model: modelNameSchema }),
    result: abComparisonSchema,
    summary: 'Champion vs challenger precision on resolved signals, with confidence intervals and a significance test.',
  },
} as const satisfies Record<(typeof MODEL_OPS_REQUEST_NAMES)[number], RequestSpec>;
