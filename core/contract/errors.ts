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
}

export function deskError(code: DeskErrorCode, message: string, issues?: readonly DeskErrorIssue[]): DeskError {
  return issues === undefined ? { code, message } : { code, message, issues };
}
