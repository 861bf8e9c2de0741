import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { ReplicaPart } from './replica-server.js';

/** One story as the replica sends it (Alpaca's `T:"n"` fields). */
export interface ReplicaStory {
  readonly id: number;
  readonly headline: string;
  readonly summary?: string;
  readonly created_at: string;
  readonly symbols: readonly string[];
  readonly url?: string;
}

export interface NewsStreamPartOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Authenticated sessions allowed at once (Alpaca: 1 on most plans); the next one gets 406. */
  readonly connectionLimit?: number;
}

interface Session {
  readonly socket: WebSocket;
  authenticated: boolean;
  readonly set: Set<string>;
}

/**
 * The news stream (`/v1beta1/news`) for the loopback replica: the stock stream's session rules (welcome, auth by
 * message, 402 on wrong keys then close, 406 over the connection limit, 401 before auth) with the one `news`
 * channel, and knobs a test needs: publish stories, drop every socket, and count what the client asked for.
 */
export class NewsStreamPart implements ReplicaPart {
  readonly name = 'news-stream';
  readonly #o: NewsStreamPartOptions;
  readonly #sessions = new Set<Session>();
  #open = 0;
  #maxOpen = 0;
  #connections = 0;
  /** The symbol set each session ended its subscribing with, in session order. */
  readonly subscribedSets: string[][] = [];
  /** Error codes the next authentications get instead of success (then the socket closes), one per session. */
  readonly authErrors: { readonly code: number; readonly msg: string }[] = [];

  constructor(options: NewsStreamPartOptions) {
    this.#o = options;
  }

  get openSockets(): number {
    return this.#open;
  }

  get maxOpenSockets(): number {
    return this.#maxOpen;
  }

  /** Sockets ever accepted. */
  get connections(): number {
    return this.#connections;
  }

  acceptsUpgrade(path: string): boolean {
    return path === '/v1beta1/news';
  }

  onConnection(socket: WebSocket, _request: IncomingMessage): void {
    const session: Session = { socket, authenticated: false, set: new Set() };
    this.#sessions.add(session);
    this.#connections++;
    this.#open++;
    this.#maxOpen = Math.max(this.#maxOpen, this.#open);
    socket.on('close', () => {
      if (this.#sessions.delete(session)) this.#open--;
    });
    socket.on('message', (data) => this.#onMessage(session, data.toString()));
    this.#send(session, [{ T: 'success', msg: 'connected' }]);
  }

  /** Sends stories to every session subscribed to one of their symbols (or `*`); returns how many sessions got any. */
  publish(stories: readonly ReplicaStory[]): number {
    let reached = 0;
    for (const s of this.#sessions) {
      const wanted = stories.filter((x) => s.authenticated && (s.set.has('*') || x.symbols.some((y) => s.set.has(y))));
      if (wanted.length === 0) continue;
      reached++;
      this.#send(s, wanted.map((x) => ({ T: 'n', author: 'replica', updated_at: x.created_at, content: '', source: 'replica', ...x })));
    }
    return reached;
  }

  /** Sends a raw text frame to every authenticated session (malformed-input tests). */
  sendRaw(text: string): void {
    for (const s of this.#sessions) if (s.authenticated) s.socket.send(text);
  }

  /** Destroys every socket without a close frame, as a network failure would. */
  dropAll(): number {
    const n = this.#sessions.size;
    for (const s of [...this.#sessions]) s.socket.terminate();
    return n;
  }

  /** Stops reading every socket, pings included, while keeping it open: a frozen peer the client must detect. */
  freezeAll(): void {
    for (const s of this.#sessions) s.socket.pause();
  }

  /** Sessions authenticated and subscribed right now. */
  streamingSessions(): number {
    return [...this.#sessions].filter((s) => s.authenticated && s.set.size > 0).length;
  }

  #onMessage(session: Session, text: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.#send(session, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
      return;
    }
    if (m['action'] === 'auth') {
      if (session.authenticated) return this.#send(session, [{ T: 'error', code: 403, msg: 'already authenticated' }]);
      if (m['key'] !== this.#o.keyId || m['secret'] !== this.#o.secretKey) return this.#fail(session, 402, 'auth failed');
      const planned = this.authErrors.shift();
      if (planned !== undefined) return this.#fail(session, planned.code, planned.msg);
      const live = [...this.#sessions].filter((s) => s.authenticated).length;
      if (live >= (this.#o.connectionLimit ?? 1)) return this.#fail(session, 406, 'connection limit exceeded');
      session.authenticated = true;
      return this.#send(session, [{ T: 'success', msg: 'authenticated' }]);
    }
    if (m['action'] === 'subscribe' || m['action'] === 'unsubscribe') {
      if (!session.authenticated) return this.#send(session, [{ T: 'error', code: 401, msg: 'not authenticated' }]);
      const symbols = Array.isArray(m['news']) ? m['news'].filter((s): s is string => typeof s === 'string') : [];
      for (const s of symbols) {
        if (m['action'] === 'subscribe') session.set.add(s);
        else session.set.delete(s);
      }
      const set = [...session.set].sort();
      this.subscribedSets.push(set);
      return this.#send(session, [{ T: 'subscription', news: set }]);
    }
    this.#send(session, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
  }

  #fail(session: Session, code: number, msg: string): void {
    this.#send(session, [{ T: 'error', code, msg }]);
    session.socket.close();
  }

  #send(session: Session, messages: readonly Record<string, unknown>[]): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(messages));
  }
}
