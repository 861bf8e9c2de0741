import { z } from 'zod';

// Wire shapes of model operations (issue 7): the registry's versions and their deployment, live tracking,
// calibration, drift, feature importance and A/B comparison, as the models dashboard reads them.

const finite = z.number().finite();
const count = z.number().int().nonnegative();
/** A share of traffic or a probability. */
const unit = z.number().min(0).max(1);

/** A model name or version as the registry keeps it: a plain name, so it can never point at a path. */
export const modelNameSchema = z
  .string()
  .min(1, 'model is empty')
  .max(64, 'model is longer than 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'model may contain only letters, digits and . _ - (starting with a letter or digit)');
export const modelVersionIdSchema = z
  .string()
  .min(1, 'version is empty')
  .max(128, 'version is longer than 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'version may contain only letters, digits and . _ - (starting with a letter or digit)');

/** Where a version stands: refused at registration, waiting, serving (as champion, challenger or shadow), or retired. */
export const versionStatusSchema = z.enum(['registered', 'refused', 'champion', 'challenger', 'shadow', 'retired']);
export type VersionStatus = z.infer<typeof versionStatusSchema>;

/** A version's circuit breaker: open means the rule-based fallback answers in its place until the trader re-closes it. */
export const breakerSchema = z.object({
  state: z.enum(['closed', 'open']),
  /** What tripped it (nan, out-of-range, invalid-input, latency, drift, losing-run), null when closed. */
  trip: z.string().nullable(),
  reason: z.string().nullable(),
  openedAt: finite.nullable(),
});
export type BreakerDto = z.infer<typeof breakerSchema>;

/** Live figures of one version over its resolved predictions. */
export const liveMetricsSchema = z.object({
  predictions: count,
  resolved: count,
  /** Breakout events it scored (each would be, or for a shadow would have been, a proposal). */
  signals: count,
  /** Share of its resolved signals that reached their target; null before any resolved. */
  precision: finite.nullable(),
  brier: finite.nullable(),
  /** Expected calibration error over its resolved predictions. */
  ece: finite.nullable(),
  meanLatencyMs: finite.nullable(),
});
export type LiveMetricsDto = z.infer<typeof liveMetricsSchema>;

export const modelVersionSchema = z.object({
  version: z.string(),
  status: versionStatusSchema,
  /** Share of symbol-days a challenger answers; 1 for a sole champion, 0 for shadow and idle versions. */
  trafficShare: unit,
  registeredAt: finite,
  /** Why registration or validation refused it (tampered file, schema mismatch, golden vector). */
  refusedReason: z.string().nullable(),
  /** The manifest's out-of-sample headline figures (precision, brier, auc…). */
  manifestMetrics: z.record(z.string(), finite.nullable()),
  live: liveMetricsSchema,
  breaker: breakerSchema,
});
export type ModelVersionDto = z.infer<typeof modelVersionSchema>;

export const modelSummarySchema = z.object({
  model: z.string(),
  disabled: z.boolean(),
  disabledReason: z.string().nullable(),
  champion: z.string().nullable(),
  challenger: z.string().nullable(),
  versions: z.array(modelVersionSchema),
});
export type ModelSummaryDto = z.infer<typeof modelSummarySchema>;

/** A threshold crossed: drift, a breaker trip, an automatic rollback. */
export const modelAlertSchema = z.object({
  at: finite,
  model: z.string(),
  version: z.string().nullable(),
  kind: z.string(),
  message: z.string(),
});
export type ModelAlertDto = z.infer<typeof modelAlertSchema>;

/** Every model, its versions and what answers now; what `models.list` returns and `modelHealth` pushes. */
export const modelOpsOverviewSchema = z.object({
  at: finite,
  allDisabled: z.boolean(),
  allDisabledReason: z.string().nullable(),
  /** Whether the rule-based twin answers (all or part of the traffic) and why. */
  fallback: z.object({ active: z.boolean(), reason: z.string().nullable() }),
  /** Acting requests answered by a healthy model rather than the fallback (the ticket's bar: 99.9 %). */
  uptime: z.object({ requests: count, healthy: count, share: finite.nullable() }),
  models: z.array(modelSummarySchema),
  /** Newest first. */
  alerts: z.array(modelAlertSchema),
});
export type ModelOpsOverview = z.infer<typeof modelOpsOverviewSchema>;

/** Rolling figures of one version at one time: the window's latest resolved event bar, and its size. */
export const metricPointSchema = z.object({
  time: finite,
  resolved: count,
  precision: finite.nullable(),
  brier: finite.nullable(),
});
export type MetricPointDto = z.infer<typeof metricPointSchema>;

export const metricsSeriesSchema = z.object({
  model: z.string(),
  /** Resolved predictions each point's window spans. */
  window: count,
  series: z.array(z.object({ version: z.string(), points: z.array(metricPointSchema) })),
});
export type MetricsSeriesDto = z.infer<typeof metricsSeriesSchema>;

/** One bin of a reliability diagram: predicted probabilities in [lower, upper) against the observed rate. */
export const reliabilityBinSchema = z.object({
  lower: unit,
  upper: unit,
  meanPredicted: finite.nullable(),
  observed: finite.nullable(),
  count,
});
export const reliabilitySchema = z.object({
  model: z.string(),
  version: z.string(),
  resolved: count,
  bins: z.array(reliabilityBinSchema),
  /** Expected calibration error over the bins; null before any resolved prediction. */
  calibrationError: finite.nullable(),
});
export type ReliabilityDto = z.infer<typeof reliabilitySchema>;

export const featureImportanceSchema = z.object({
  model: z.string(),
  version: z.string(),
  /** Resolved predictions the permutations were scored on. */
  samples: count,
  /** What a permutation worsens (e.g. 'brier'): importance = score with the column shuffled − score. */
  metric: z.string(),
  features: z.array(z.object({ feature: z.string(), importance: finite, std: finite.nullable() })),
  /** Why `features` is empty (too few resolved predictions). */
  reason: z.string().nullable(),
});
export type FeatureImportanceDto = z.infer<typeof featureImportanceSchema>;

export const driftSchema = z.object({
  model: z.string(),
  version: z.string(),
  /** PSI above which an alert is raised (and the breaker may open). */
  threshold: finite,
  samples: count,
  features: z.array(z.object({ feature: z.string(), psi: finite.nullable(), alert: z.boolean() })),
  score: z.object({ psi: finite.nullable(), alert: z.boolean() }),
  reason: z.string().nullable(),
});
export type DriftDto = z.infer<typeof driftSchema>;

/** One arm of an A/B test: precision of its resolved signals with a confidence interval. */
export const abArmSchema = z.object({
  version: z.string(),
  role: z.enum(['champion', 'challenger']),
  resolved: count,
  precision: finite.nullable(),
  low: finite.nullable(),
  high: finite.nullable(),
  brier: finite.nullable(),
});
export const abComparisonSchema = z.object({
  model: z.string(),
  /** The test compared (the running one, else the latest), null when the model never ran one. */
  status: z.enum(['running', 'promoted', 'rolled-back', 'ended']).nullable(),
  share: finite.nullable(),
  /** Confidence level of the intervals, e.g. 0.95. */
  level: unit,
  arms: z.array(abArmSchema),
  /** Challenger − champion precision, with its interval; null until both arms have resolved signals. */
  difference: z.object({ value: finite, low: finite, high: finite }).nullable(),
  pValue: finite.nullable(),
  significant: z.boolean(),
  reason: z.string().nullable(),
});
export type AbComparisonDto = z.infer<typeof abComparisonSchema>;

/** Pushed when a version's live figures move (a prediction resolved). */
export const modelMetricsEventSchema = z.object({
  at: finite,
  model: z.string(),
  version: z.string(),
  live: liveMetricsSchema,
});
export type ModelMetricsEvent = z.infer<typeof modelMetricsEventSchema>;
