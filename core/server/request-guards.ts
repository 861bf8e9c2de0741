import type { IncomingHttpHeaders } from 'node:http';
import { deskError, type DeskError } from '../contract/errors.js';
import { tokensEqual } from './token.js';

/** The subprotocol the WebSocket speaks; the token travels as a second one, `bearer.<token>`. */
export const WS_PROTOCOL = 'desk.v1';
export const WS_TOKEN_PREFIX = 'bearer.';

/** The only names the server answers to. Anything else is a DNS-rebinding attempt or a proxy mix-up. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Host must name loopback with our port: a rebinding attack points a foreign name at 127.0.0.1, and the
 * browser then sends that foreign name as Host. A present Origin must be ours too (a page elsewhere
 * cannot call us); an absent Origin is a non-browser client such as curl, which the token still guards.
 */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, port: number): DeskError | undefined {
  const hosts = allowedHosts(port);
  if (headers.host === undefined || !hosts.includes(headers.host)) {
    return deskError('forbidden', `Host ${JSON.stringify(headers.host ?? '')} is not this desk; use http://127.0.0.1:${port}/.`);
  }
  const origin = headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) {
    return deskError('forbidden', `Origin ${JSON.stringify(origin)} may not call this desk.`);
  }
  return undefined;
}

/** `Authorization: Bearer <token>` for HTTP. */
export function checkBearer(headers: IncomingHttpHeaders, token: string): DeskError | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(headers.authorization ?? '');
  if (match?.[1] === undefined || !tokensEqual(match[1], token)) {
    return deskError('unauthorized', 'Missing or wrong token: send the one printed at start as "Authorization: Bearer <token>".');
  }
  return undefined;
}

/**
 * Browsers cannot set headers on a WebSocket, and a query string ends up in logs, so the token rides in
 * Sec-WebSocket-Protocol next to the real subprotocol.
 */
export function checkWsProtocols(headers: IncomingHttpHeaders, token: string): DeskError | undefined {
  const offered = (headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const given = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
  if (!offered.includes(WS_PROTOCOL) || given === undefined || !tokensEqual(given, token)) {
    return deskError('unauthorized', `Missing or wrong token: offer subprotocols "${WS_PROTOCOL}" and "${WS_TOKEN_PREFIX}<token>".`);
  }
  return undefined;
}
