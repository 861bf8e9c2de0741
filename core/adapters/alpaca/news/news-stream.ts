import { WebSocket, type RawData } from 'ws';
import type { LiveNewsSource, NewsSourceStatus, RawNews } from '../../../news/news-source.js';
import type { Cancel, Clock } from '../../../time/clock.js';
import { newsStreamUrl, type AlpacaCredentialsSource } from '../endpoints.js';
import { ReconnectLoop } from '../reconnect-loop.js';
import { streamErrorInfo } from '../stream-error-codes.js';
import { parseNewsFrame } from './news-messages.js';

export interface AlpacaNewsStreamOptions {
  /** Market-data WebSocket base, e.g. `wss://stream.data.alpaca.markets`; the client appends `/v1beta1/news`. */
  readonly streamBase: string;
  readonly credentials: AlpacaCredentialsSource;
  readonly clock: Clock;
  /** Uniform [0, 1) for the backoff jitter; seeded in tests. */
  readonly random: () => number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Least wait after a 406 (the plan's one connection is in use elsewhere). Default 30,000 ms. */
  readonly connectionLimitWaitMs?: number;
  /** A ping goes out this often; a ping unanswered for `pongTimeoutMs` means a dead socket. Defaults 15,000 / 10,000 ms. */
  readonly heartbeatMs?: number;
  readonly pongTimeoutMs?: number;
}

/**
 * Alpaca's real-time news over WebSocket: welcome → `{"action":"auth"}` → `{"action":"subscribe","news":[…]}` →
 * stories (`T:"n"`). The same session rules as the stock stream: one socket at a time (a new one is opened only
 * after the previous one closed, from the backoff timer), full-jitter backoff between attempts (the `ReconnectLoop`
 * every Alpaca socket shares), its error-code policy (402/409 stop with a reason instead of retrying, 406 waits
 * long, without the stop after 3 in a row of the other two clients), and the exact desired symbol set sent again on every session. A ping heartbeat finds a dead socket;
 * there is no data watchdog because silence is normal for news. Stories carry ids, and the desk's store keeps one
 * row per id, so a story redelivered after a reconnect is stored and fed once.
 */
export class AlpacaNewsStream implements LiveNewsSource {
  readonly name = 'alpaca-news';
  readonly #o: AlpacaNewsStreamOptions;
  readonly #reconnect: ReconnectLoop;
  readonly #storyListeners = new Set<(story: RawNews) => void>();
  readonly #statusListeners = new Set<(status: NewsSourceStatus) => void>();
  #symbols: readonly string[] = ['*'];
  #acked: readonly string[] = [];
  #socket: WebSocket | undefined;
  #generation = 0;
  #status: NewsSourceStatus = { state: 'idle', reason: 'not started', received: 0, rejected: 0 };
  #heartbeat: Cancel | undefined;
  #pingSince: number | undefined;
  #nextDelayMs: number | undefined;
  #stopAfterClose: string | undefined;
  #sessions = 0;

  constructor(options: AlpacaNewsStreamOptions) {
    this.#o = options;
    // News never stops on the connection limit (it has no option for it): it keeps waiting the long wait.
    this.#reconnect = new ReconnectLoop({ ...options, maxConnectionLimitHits: Infinity }, () => void this.#connect());
  }

  /** The symbol set the server acknowledged last. */
  get acknowledged(): readonly string[] {
    return this.#acked;
  }

  /** Sockets opened since construction. */
  get sessions(): number {
    return this.#sessions;
  }

  subscribe(symbols: readonly string[]): void {
    const next = symbols.length === 0 ? ['*'] : [...new Set(symbols)].sort();
    this.#symbols = next;
    // Before the session is streaming, the next `authenticated` sends the whole set anyway.
    if (this.#status.state !== 'streaming') return;
    // Alpaca's subscribe adds to the set: drop what is no longer wanted so the set is exactly the desired one.
    const removed = this.#acked.filter((s) => !next.includes(s));
    if (removed.length > 0) this.#send({ action: 'unsubscribe', news: removed });
    this.#send({ action: 'subscribe', news: next });
  }

  onStory(listener: (story: RawNews) => void): () => void {
    this.#storyListeners.add(listener);
    return () => this.#storyListeners.delete(listener);
  }

  status(): NewsSourceStatus {
    return this.#status;
  }

  onStatus(listener: (status: NewsSourceStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  start(): void {
    if (this.#status.state !== 'idle' && this.#status.state !== 'stopped') return;
    this.#reconnect.reset();
    void this.#connect();
  }

  stop(): void {
    this.#reconnect.cancel();
    this.#stopAfterClose = 'stopped';
    if (this.#socket === undefined) this.#set('stopped', 'stopped');
    else this.#socket.close(1000, 'client stop');
  }

  async #connect(): Promise<void> {
    if (this.#socket !== undefined) return;
    const generation = ++this.#generation;
    this.#stopAfterClose = undefined;
    this.#nextDelayMs = undefined;
    this.#set('connecting', 'opening the news stream');
    let keys;
    try {
      keys = await this.#o.credentials();
    } catch (error) {
      this.#set('stopped', `no API keys to connect with: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (generation !== this.#generation || this.#status.state !== 'connecting') return;
    const socket = new WebSocket(newsStreamUrl(this.#o.streamBase));
    this.#socket = socket;
    this.#sessions++;
    socket.on('message', (data: RawData) => {
      if (generation === this.#generation) this.#onFrame(rawText(data), keys);
    });
    socket.on('pong', () => {
      this.#pingSince = undefined;
    });
    socket.on('error', () => {
      // 'close' always follows and decides what happens next.
    });
    socket.on('close', (code: number) => {
      if (generation === this.#generation) this.#onClose(code);
    });
    this.#beat(socket);
  }

  #onFrame(text: string, keys: { readonly keyId: string; readonly secretKey: string }): void {
    const frame = parseNewsFrame(text);
    if (frame.problems.length > 0) this.#set(this.#status.state, this.#status.reason, { rejected: this.#status.rejected + frame.problems.length });
    for (const c of frame.control) {
      if (c.T === 'success' && c.msg === 'connected') this.#send({ action: 'auth', key: keys.keyId, secret: keys.secretKey });
      else if (c.T === 'success' && c.msg === 'authenticated') this.#send({ action: 'subscribe', news: this.#symbols });
      else if (c.T === 'subscription') {
        // A working session: the next failure starts from the smallest backoff window again.
        this.#reconnect.reset();
        this.#acked = c.news;
        this.#set('streaming', `receiving news for ${c.news.join(', ') || 'no symbols'}`);
      } else if (c.T === 'error') this.#onError(c.code, c.msg);
    }
    for (const story of frame.stories) {
      this.#set(this.#status.state, this.#status.reason, { received: this.#status.received + 1 });
      for (const l of this.#storyListeners) l(story);
    }
  }

  #onError(code: number, msg: string): void {
    const info = streamErrorInfo(code);
    const reason = `error ${code} ${msg}: ${info.advice}`;
    switch (info.policy) {
      case 'stop':
        this.#stopAfterClose = reason;
        this.#socket?.close(1000, 'stop');
        return;
      case 'reconnect-long': {
        // Never 'stop' here: this loop counts no limit on 406s (see the constructor); a test holds the long wait.
        const { after } = this.#reconnect.connectionLimit();
        this.#nextDelayMs = after.then === 'reconnect' ? after.minDelayMs : 0;
        this.#set('waiting', reason);
        this.#socket?.close(1000, 'connection limit');
        return;
      }
      case 'reconnect':
        this.#set('waiting', reason);
        this.#socket?.close(1000, 'reconnect');
        return;
      default:
        // Count/report/ignore/reauthenticate: the session goes on (a second auth or a refused symbol set).
        this.#set(this.#status.state, reason);
    }
  }

  #onClose(code: number): void {
    this.#socket = undefined;
    this.#acked = [];
    this.#heartbeat?.();
    this.#heartbeat = undefined;
    this.#pingSince = undefined;
    if (this.#stopAfterClose !== undefined) {
      this.#set('stopped', this.#stopAfterClose);
      return;
    }
    const delay = this.#reconnect.schedule(this.#nextDelayMs ?? 0);
    const why = this.#status.state === 'waiting' ? this.#status.reason : `the news stream closed (code ${code})`;
    this.#set('waiting', `${why}; reconnecting in ${Math.round(delay / 100) / 10} s`);
  }

  #beat(socket: WebSocket): void {
    const every = this.#o.heartbeatMs ?? 15_000;
    const timeout = this.#o.pongTimeoutMs ?? 10_000;
    this.#heartbeat = this.#o.clock.schedule(every, () => {
      if (socket !== this.#socket) return;
      const now = this.#o.clock.now();
      if (this.#pingSince !== undefined && now - this.#pingSince >= timeout) {
        this.#set('waiting', 'the news stream stopped answering pings');
        socket.terminate();
        return;
      }
      if (this.#pingSince === undefined) {
        this.#pingSince = now;
        socket.ping();
      }
      this.#beat(socket);
    });
  }

  #send(message: Record<string, unknown>): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #set(state: NewsSourceStatus['state'], reason: string, counts: Partial<Pick<NewsSourceStatus, 'received' | 'rejected'>> = {}): void {
    this.#status = { ...this.#status, state, reason, ...counts };
    for (const l of this.#statusListeners) l(this.#status);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
