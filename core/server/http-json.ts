import type { ServerResponse } from 'node:http';
import type { DeskError, DeskErrorCode } from '../contract/errors.js';
import { BASE_SECURITY_HEADERS } from './security-headers.js';

const STATUS: Readonly<Record<DeskErrorCode, number>> = {
  'invalid-params': 400,
  'bad-json': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'order-denied': 422,
  'unknown-request': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  internal: 500,
  unavailable: 503,
};

export function httpStatusOf(code: DeskErrorCode): number {
  return STATUS[code];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Errors travel in the same `{ ok: false, error }` shape as a failed request, whatever rejected them. */
export function sendError(res: ServerResponse, error: DeskError, extra: Record<string, string> = {}): void {
  const headers = error.code === 'unauthorized' ? { ...extra, 'WWW-Authenticate': 'Bearer' } : extra;
  sendJson(res, httpStatusOf(error.code), { ok: false, error }, headers);
}
