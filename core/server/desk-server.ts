import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeskEventSource, DeskHandlers } from '../contract/desk-api.js';
import { deskError } from '../contract/errors.js';
import { sendError } from './http-json.js';
import { handleHttp, type RouteContext } from './http-routes.js';
import { DEFAULT_BODY_LIMIT } from './read-json-body.js';
import { allowedHosts } from './request-guards.js';
import { rendererCsp } from './security-headers.js';
import { createToken, removeTokenFile, writeTokenFile } from './token.js';
import { createStreamServer } from './ws-streams.js';

/** Loopback only: the desk is one trader's, never the network's. Not configurable on purpose. */
export const LOOPBACK = '127.0.0.1';

export interface DeskServerOptions {
  readonly desk: { readonly handlers: DeskHandlers } & DeskEventSource;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** Where the token is written, 0600, and removed again on close. */
  readonly tokenFile: string;
  readonly bodyLimit?: number;
}

export interface DeskServer {
  readonly port: number;
  readonly token: string;
  readonly tokenFile: string;
  /** The page to open; the token rides in the fragment, which browsers never send to the server. */
  readonly url: string;
  /** Connected WebSocket clients. */
  clientCount(): number;
  close(): Promise<void>;
}

/** The desk contract over HTTP + WebSocket on 127.0.0.1, guarded by a per-start token. */
export async function startDeskServer(options: DeskServerOptions): Promise<DeskServer> {
  const token = createToken();
  let port = options.port;
  const ctx: RouteContext = {
    handlers: options.desk.handlers,
    token,
    rendererDir: options.rendererDir,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    port: () => port,
    csp: () => rendererCsp(allowedHosts(port).map((h) => `ws://${h}`)),
  };
  const streams = createStreamServer(options.desk, token, () => port);
  const server = createServer((req, res) => {
    handleHttp(ctx, req, res).catch((cause: unknown) => {
      if (!res.headersSent) sendError(res, deskError('internal', `Request failed: ${String(cause)}`));
    });
  });
  server.on('upgrade', (req, socket, head) => streams.handleUpgrade(req, socket, head));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  try {
    port = await listen(server, options.port);
  } catch (error) {
    streams.close();
    throw error;
  }
  writeTokenFile(options.tokenFile, token);
  return {
    port,
    token,
    tokenFile: options.tokenFile,
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    clientCount: () => streams.clientCount(),
    close: async () => {
      streams.close();
      removeTokenFile(options.tokenFile);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
