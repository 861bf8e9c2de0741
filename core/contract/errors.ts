/**
 * Every way a desk call can fail, as data. Transports (IPC, HTTP, WebSocket) return these instead of
 * throwing, so the UI can show the trader a reason and a next step.
 */
export const DESK_ERROR_CODES = [
  'invalid-params',
  'unknown-request',
  'internal',
  'unauthorized',
  'forbidden',
  'not-found',
  'unsupported-media-type',
  'payload-too-large',
  'bad-json',
  'unavailable',
  /** A pre-trade rule refused the order; `rule` says which and why. */
  'order-denied',
  /** The action is not possible in the current state (a proposal already decided, an edit out of bounds). */
  'conflict',
] as const;
export type DeskErrorCode = (typeof DESK_ERROR_CODES)[number];

/** One field that failed validation: where (`path`, dotted) and why. */
export interface DeskErrorIssue {
  readonly path: string;
  readonly message: string;
}

export interface DeskError {
  readonly code: DeskErrorCode;
  /** A sentence a trader or script author can act on. */
  readonly message: string;
  readonly issues?: readonly DeskErrorIssue[];
  /** For `order-denied`: the refusing pre-trade rule, so the UI can show it. */
  readonly rule?: DeskErrorRule;
}

/** The pre-trade rule behind an `order-denied` error. */
export interface DeskErrorRule {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Thrown by a handler for an expected failure (not found, refused, conflict); `dispatch` returns its
 * `error` as is instead of reporting an internal error.
 */
export class DeskFailure extends Error {
  constructor(readonly error: DeskError) {
    super(error.message);
    this.name = 'DeskFailure';
  }
}

/** A typed `order-denied` error naming the rule. */
export function orderDenied(message: string, rule: DeskErrorRule): DeskError {
  return { code: 'order-denied', message, rule };
}

export function deskError(code: DeskErrorCode, message: string, issues?: readonly DeskErrorIssue[]): DeskError {
  return issues === undefined ? { code, message } : { code, message, issues };
}
