/** Requests of model operations: registry, A/B tests, tracking, drift (issue 7). Names only: the preload imports this without zod. */
export const MODEL_OPS_REQUEST_NAMES = [] as const;
/** Streams of model operations: registry, A/B tests, tracking, drift (issue 7). */
export const MODEL_OPS_STREAM_NAMES = [] as const;
