import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeskHandlers } from '../contract/desk-api.js';
import { dispatch } from '../contract/dispatch.js';
import { deskError } from '../contract/errors.js';
import { MAX_IMPORT_CSV_CHARS } from '../contract/feed-schemas.js';
import { httpStatusOf, sendError, sendJson } from './http-json.js';
import { readJsonBody } from './read-json-body.js';
import { checkBearer, checkHostAndOrigin } from './request-guards.js';
import { BASE_SECURITY_HEADERS } from './security-headers.js';
import { ML_ROUTES, matchMlRoute } from './ml-routes.js';
import { loadStaticFile } from './static-files.js';

export interface RouteContext {
  readonly handlers: DeskHandlers;
  readonly token: string;
  readonly rendererDir: string;
  readonly bodyLimit: number;
  /** The bound port; known only once listening. */
  port(): number;
  csp(): string;
}

const INVOKE_PREFIX = '/api/invoke/';
/** Body limit of `data.importCsv`: its text limit, twice over for JSON escapes, plus the envelope. */
const IMPORT_BODY_LIMIT = 2 * MAX_IMPORT_CSV_CHARS + 64 * 1024;

/**
 * Every HTTP request: Host/Origin first (so a rebinding page learns nothing), then the public renderer
 * files, then the token-guarded API.
 */
export async function handleHttp(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const denied = checkHostAndOrigin(req.headers, ctx.port());
  if (denied !== undefined) return sendError(res, denied);
  const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
  const isApi = pathname.startsWith('/api/') || pathname.startsWith('/ml/');
  if (!isApi) return serveRenderer(ctx, req, res, pathname);

  const unauthorized = checkBearer(req.headers, ctx.token);
  if (unauthorized !== undefined) return sendError(res, unauthorized);

  if (pathname.startsWith('/ml/')) return serveMlRoute(ctx, req, res, pathname);
  if (pathname.startsWith(INVOKE_PREFIX) && req.method === 'POST') {
    const name = safeDecode(pathname.slice(INVOKE_PREFIX.length));
    // A CSV upload is the one request allowed a large body; JSON escaping can double its text.
    const limit = name === 'data.importCsv' ? Math.max(ctx.bodyLimit, IMPORT_BODY_LIMIT) : ctx.bodyLimit;
    const body = await readBody(ctx, req, res, limit);
    if (!body.ok) return;
    const response = await dispatch(ctx.handlers, name, body.value);
    return sendJson(res, response.ok ? 200 : httpStatusOf(response.error.code), response);
  }
  return sendError(res, deskError('not-found', `No API route ${req.method ?? ''} ${pathname}; requests are POST ${INVOKE_PREFIX}<name> or the /ml/* routes.`));
}

/**
 * The ticket's /ml/* endpoints: the same dispatch as /api/invoke, answering the result itself (the shape
 * the contract's result schema documents) or `{ ok: false, error }` with the error's status.
 */
async function serveMlRoute(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const route = matchMlRoute(req.method ?? '', pathname);
  if ('miss' in route) {
    const list = ML_ROUTES.map((r) => `${r.method} /${r.segments.join('/')}`).join(', ');
    return route.miss === 'method'
      ? sendError(res, deskError('not-found', `${pathname} takes ${route.allowed}, not ${req.method ?? ''}.`))
      : sendError(res, deskError('not-found', `No ML route ${req.method ?? ''} ${pathname}; routes: ${list}.`));
  }
  let params: unknown = route.params;
  if (route.body) {
    const body = await readBody(ctx, req, res);
    if (!body.ok) return;
    params = body.value;
  }
  const response = await dispatch(ctx.handlers, route.name, params);
  return response.ok ? sendJson(res, 200, response.value) : sendError(res, response.error);
}

/** The JSON body, or the error already sent (an oversized upload also closes the connection). */
async function readBody(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, limit = ctx.bodyLimit): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const body = await readJsonBody(req, limit);
  if (body.ok) return body;
  // Stop reading an oversized upload; the reply still goes out before the socket closes.
  if (body.error.code === 'payload-too-large') res.on('finish', () => req.destroy());
  sendError(res, body.error, body.error.code === 'payload-too-large' ? { Connection: 'close' } : {});
  return { ok: false };
}

async function serveRenderer(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, deskError('not-found', `The renderer is read-only; ${req.method ?? ''} is not served.`));
  }
  const file = await loadStaticFile(ctx.rendererDir, pathname);
  if (file === undefined) {
    const built = pathname !== '/' || (await loadStaticFile(ctx.rendererDir, '/index.html')) !== undefined;
    return built
      ? sendError(res, deskError('not-found', `No file ${pathname}.`))
      : sendError(res, deskError('unavailable', 'The renderer is not built yet: run "npm run build".'));
  }
  res.writeHead(200, {
    ...BASE_SECURITY_HEADERS,
    'Content-Security-Policy': ctx.csp(),
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/** A malformed %-escape is just an unknown name, not a server error. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
