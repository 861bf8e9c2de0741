/** Requests of model operations: registry, A/B tests, tracking, drift (issue 7). Names only: the preload imports this without zod. */
export const MODEL_OPS_REQUEST_NAMES = [
  'models.list',
  'models.register',
  'models.deploy',
  'models.promote',
  'models.rollback',
  'models.disable',
  'models.enable',
  'models.disableAll',
  'models.breaker.close',
  'models.metrics',
  'models.reliability',
  'models.importance',
  'models.drift',
  'models.abTest',
] as const;
/** Streams of model operations: live figures per version, and the registry's state whenever it changes. */
export const MODEL_OPS_STREAM_NAMES = ['modelMetrics', 'modelHealth'] as const;
