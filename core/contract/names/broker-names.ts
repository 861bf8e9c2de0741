/** Requests of the broker adapters and their credentials (issue 9). Names only: the preload imports this without zod. */
export const BROKER_REQUEST_NAMES = [] as const;
/** Streams of the broker adapters and their credentials (issue 9). */
export const BROKER_STREAM_NAMES = [] as const;
