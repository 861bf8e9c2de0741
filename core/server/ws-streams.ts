import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeskEventSource } from '../contract/desk-api.js';
import type { DeskError } from '../contract/errors.js';
import { STREAM_NAMES } from '../contract/names.js';
import { httpStatusOf } from './http-json.js';
import { checkHostAndOrigin, checkWsProtocols, WS_PROTOCOL } from './request-guards.js';

export const STREAM_PATH = '/api/stream';

/** A client this far behind is dropped rather than letting its queue grow without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface StreamServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientCount(): number;
  close(): void;
}

/**
 * Pushes every desk stream to every authorised WebSocket client as `{ stream, payload }` JSON. The
 * handshake is checked like HTTP (Host, Origin, token) before any upgrade happens.
 */
export function createStreamServer(events: DeskEventSource, token: string, port: () => number): StreamServer {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const offs = STREAM_NAMES.map((stream) =>
    events.on(stream, (payload) => {
      const text = JSON.stringify({ stream, payload });
      for (const client of wss.clients) send(client, text);
    }),
  );
  return {
    handleUpgrade(req, socket, head) {
      const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
      const refused =
        checkHostAndOrigin(req.headers, port()) ??
        checkWsProtocols(req.headers, token) ??
        (pathname === STREAM_PATH ? undefined : { code: 'not-found' as const, message: `WebSocket streams live at ${STREAM_PATH}.` });
      if (refused !== undefined) return reject(socket, refused);
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Clients only listen; anything they send is ignored, not parsed.
        ws.on('message', () => undefined);
        wss.emit('connection', ws, req);
      });
    },
    clientCount: () => wss.clients.size,
    close() {
      for (const off of offs) off();
      for (const client of wss.clients) client.close(1001, 'desk shutting down');
      wss.close();
    },
  };
}

function send(client: WebSocket, text: string): void {
  if (client.readyState !== client.OPEN) return;
  if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
    client.terminate();
    return;
  }
  client.send(text);
}

function reject(socket: Duplex, error: DeskError): void {
  const body = JSON.stringify({ ok: false, error });
  const status = httpStatusOf(error.code);
  socket.end(
    `HTTP/1.1 ${status} ${error.code}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
