/** Requests of the broker adapters and their credentials (issue 9). Names only: the preload imports this without zod. */
export const BROKER_REQUEST_NAMES = [
  'broker.credentials.get',
  'broker.credentials.set',
  'broker.credentials.clear',
  'broker.mode.get',
  'broker.mode.set',
  'broker.live.arm',
  'broker.live.disarm',
] as const;
/** Streams of the broker adapters and their credentials (issue 9). */
export const BROKER_STREAM_NAMES = ['broker.mode'] as const;

