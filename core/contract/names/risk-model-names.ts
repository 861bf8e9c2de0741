/** Requests of the DQN risk model (issue 6). Names only: the preload imports this without zod. */
export const RISK_MODEL_REQUEST_NAMES = [] as const;
/** Streams of the DQN risk model (issue 6). */
export const RISK_MODEL_STREAM_NAMES = [] as const;
