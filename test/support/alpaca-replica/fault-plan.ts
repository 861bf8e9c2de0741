/**
 * Faults as data: a test states what goes wrong, the replica's parts carry it out. Session faults are
 * consumed one per new stream connection, in order; data faults are drawn from a seeded generator per frame.
 */
export type SessionFault =
  /** Nothing goes wrong in this session. */
  | { readonly kind: 'none' }
  /** An error message right after the welcome (before auth), then close if `close` (default true). */
  | { readonly kind: 'error-on-connect'; readonly code: number; readonly msg: string; readonly close?: boolean }
  /** Read nothing the client sends (no auth reply, no subscription reply): a server that accepted and hung. */
  | { readonly kind: 'mute' }
  /** After `afterFrames` data frames: destroy the TCP socket without a close frame (the client sees 1006). */
  | { readonly kind: 'drop'; readonly afterFrames: number }
  /** After `afterFrames` data frames: send no more data but keep the socket (pings are still answered). */
  | { readonly kind: 'stall'; readonly afterFrames: number }
  /** After `afterFrames` data frames: stop reading and writing entirely (pings go unanswered). */
  | { readonly kind: 'freeze'; readonly afterFrames: number }
  /** `407 slow client` after `afterFrames` data frames, then close. */
  | { readonly kind: 'slow-client'; readonly afterFrames: number };

export interface DataFaults {
  /** Probability a data frame is sent twice. */
  readonly duplicate?: number;
  /** Probability a data frame is held back and sent after the next one. */
  readonly reorder?: number;
  readonly seed?: number;
}

export interface RestFaults {
  /** The next N page responses carry one bar with high below low. */
  corruptPages?: number;
  /** Pages served intact before the corrupt ones start (so a corrupt page can be page 2 of a range). */
  corruptAfterPages?: number;
  /** The next N requests answer 500. */
  failRequests?: number;
  /** Requests allowed before every later one gets 429; unlimited when undefined. */
  readonly budget?: number;
}

export interface FaultPlan {
  readonly sessions?: readonly SessionFault[];
  readonly data?: DataFaults;
  readonly rest?: RestFaults;
}
