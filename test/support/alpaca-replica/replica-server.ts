import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** One protocol the replica speaks. A part claims upgrade paths, HTTP routes, or both. */
export interface ReplicaPart {
  readonly name: string;
  /**
   * True when the part answers pings itself (`socket.on('ping', (d) => socket.pong(d))`), so a fault can play a
   * peer whose socket is open but dead. Otherwise the router answers them for it.
   */
  readonly answersPings?: boolean;
  /** True if this part serves WebSocket upgrades on `path`. */
  acceptsUpgrade?(path: string): boolean;
  onConnection?(socket: WebSocket, request: IncomingMessage): void;
  /** Answers the request and returns true, or returns false when the route is not this part's. */
  handleHttp?(request: IncomingMessage, url: URL, response: ServerResponse): boolean;
  close?(): void;
}

export interface RunningReplica {
  readonly port: number;
  /** `ws://127.0.0.1:<port>`: the stream base (adapters append `/v2/<feed>`). */
  readonly wsBase: string;
  /** `http://127.0.0.1:<port>`: the REST base for data and trading. */
  readonly httpBase: string;
  close(): Promise<void>;
}

/**
 * A loopback server hosting any number of protocol parts (market-data stream, REST bars, later trading REST and
 * `trade_updates`). It routes and nothing else: each part keeps its own state, faults and counters.
 */
export async function startReplica(parts: readonly ReplicaPart[]): Promise<RunningReplica> {
  // Pongs are per part (see answersPings), so a fault can play a peer that stopped answering while its socket stays open.
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    for (const part of parts) if (part.handleHttp?.(request, url, response) === true) return;
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code: 40410000, message: `no replica route for ${request.method ?? 'GET'} ${url.pathname}` }));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const part = parts.find((p) => p.acceptsUpgrade?.(path) === true);
    if (part?.onConnection === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const onConnection = part.onConnection.bind(part);
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (part.answersPings !== true) ws.on('ping', (data) => ws.pong(data));
      onConnection(ws, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    wsBase: `ws://127.0.0.1:${port}`,
    httpBase: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const part of parts) part.close?.();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
