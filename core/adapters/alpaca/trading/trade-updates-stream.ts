import { WebSocket, type RawData } from 'ws';
import type { Cancel, Clock } from '../../../time/clock.js';
import type { AlpacaCredentialsSource } from '../endpoints.js';
import { ReconnectLoop, RECONNECT, type AfterClose } from '../reconnect-loop.js';
import { streamErrorInfo } from '../stream-error-codes.js';
import { tradeUpdateSchema, tradingStreamMessageSchema, type TradeUpdate } from './trading-messages.js';

/**
 * The trading stream documents no error codes: it answers `unauthorized`, leaves a stream out of the `listening`
 * ack, or sends `{"action":"error"}` with a message. Each of these is named by the data stream's code for the same
 * situation (402 refused keys, 410 channel not offered, 406 connection limit, 500 anything else), so what the
 * stream does about it comes from the one table in `stream-error-codes.ts` and cannot drift from the data stream.
 */
type TradeStreamErrorCode = 402 | 406 | 410 | 500;

/** Where the stream is. `stopped` needs the trader (new keys) or a `start()`. */
export type TradeStreamPhase = 'idle' | 'connecting' | 'authorizing' | 'listening' | 'streaming' | 'waiting' | 'stopped';

export interface TradeStreamState {
  readonly phase: TradeStreamPhase;
  /** Why, in words a trader can act on. */
  readonly reason: string;
  /** 402 for refused keys, 406 for the connection limit: the data stream's codes for the same situations. */
  readonly lastErrorCode?: number;
  /** Sockets opened since construction. */
  readonly sessions: number;
}

export interface TradeUpdatesStreamOptions {
  /** `wss://paper-api.alpaca.markets/stream` (protocol note D). */
  readonly url: string;
  readonly credentials: AlpacaCredentialsSource;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Least wait after a connection-limit error. Default 30,000 ms (protocol note A.5, 406). */
  readonly connectionLimitWaitMs?: number;
  /** Connection-limit errors in a row before the stream stops instead of waiting again. Default 3. */
  readonly maxConnectionLimitHits?: number;
  /** A ping goes out this often; a ping unanswered by the next one ends the socket. Default 15,000 ms. */
  readonly heartbeatMs?: number;
  /** From opening the socket to the `listening` ack. Default 15,000 ms. */
  readonly handshakeTimeoutMs?: number;
}

export interface TradeUpdatesHandlers {
  readonly onUpdate: (update: TradeUpdate) => void;
  /** A session is listening: events from before it may have been missed, so the owner reconciles. */
  readonly onListening: (session: number) => void;
  /** A message that failed validation (counted by the owner, never applied). */
  readonly onMalformed: (reason: string) => void;
  readonly onState?: (state: TradeStreamState) => void;
}

/**
 * The `trade_updates` WebSocket, kept alive: auth → listen → events, and on any loss a full-jitter backoff before
 * the next socket, opened only from the previous one's close handler (never two at once). Refused keys stop it at
 * once (retrying cannot heal them); the connection limit waits at least 30 s and stops after 3 in a row. Alpaca
 * replays nothing, so each new session tells the owner to reconcile over REST.
 */
export class TradeUpdatesStream {
  readonly #o: TradeUpdatesStreamOptions;
  readonly #h: TradeUpdatesHandlers;
  readonly #reconnect: ReconnectLoop;
  #socket: WebSocket | undefined;
  #heartbeat: Cancel | undefined;
  #handshake: Cancel | undefined;
  #awaitingPong = false;
  #after: AfterClose = RECONNECT;
  #state: TradeStreamState = { phase: 'idle', reason: 'not started', sessions: 0 };

  constructor(options: TradeUpdatesStreamOptions, handlers: TradeUpdatesHandlers) {
    this.#o = options;
    this.#h = handlers;
    this.#reconnect = new ReconnectLoop(options, () => void this.#open());
  }

  /** The current phase and why. */
  state(): TradeStreamState {
    return this.#state;
  }

  /** Opens the first socket; later ones are opened only by the close handler, after the backoff. */
  start(): void {
    if (this.#socket !== undefined || this.#reconnect.pending) return;
    this.#reconnect.reset();
    void this.#open();
  }

  /** Closes the socket and cancels every timer; nothing reconnects. */
  stop(): void {
    this.#after = { then: 'stop' };
    this.#reconnect.cancel();
    this.#clearSessionTimers();
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.terminate();
    this.#set({ phase: 'stopped', reason: 'stopped by the desk' });
  }

  async #open(): Promise<void> {
    this.#after = RECONNECT;
    this.#set({ phase: 'connecting', reason: 'opening the trade_updates stream', sessions: this.#state.sessions + 1 });
    let credentials;
    try {
      credentials = await this.#o.credentials();
    } catch (cause) {
      this.#set({ phase: 'stopped', reason: `no Alpaca keys: ${cause instanceof Error ? cause.message : String(cause)}; enter them in Settings` });
      return;
    }
    if (this.#state.phase === 'stopped') return;
    const socket = new WebSocket(this.#o.url);
    this.#socket = socket;
    const session = this.#state.sessions;
    this.#handshake = this.#o.clock.schedule(this.#o.handshakeTimeoutMs ?? 15_000, () => {
      this.#set({ phase: this.#state.phase, reason: 'no listening ack in time; reconnecting' });
      socket.terminate();
    });
    socket.on('open', () => {
      this.#set({ phase: 'authorizing', reason: 'authenticating' });
      socket.send(JSON.stringify({ action: 'auth', key: credentials.keyId, secret: credentials.secretKey }));
    });
    socket.on('message', (data: RawData) => this.#onMessage(socket, session, data));
    socket.on('pong', () => (this.#awaitingPong = false));
    socket.on('error', () => {
      // 'close' follows every 'error'; the reconnect is decided there.
    });
    socket.on('close', () => this.#onClose(socket));
  }

  #onMessage(socket: WebSocket, session: number, data: RawData): void {
    // The paper stream sends binary frames of JSON bytes, the live one may send text: both decode the same.
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text) as unknown;
    } catch {
      this.#h.onMalformed(`trade_updates frame is not JSON: ${text.slice(0, 80)}`);
      return;
    }
    const message = tradingStreamMessageSchema.safeParse(raw);
    if (!message.success) {
      this.#h.onMalformed(`trade_updates frame has neither stream nor error: ${text.slice(0, 80)}`);
      return;
    }
    const m = message.data;
    if ('action' in m) {
      const limit = m.data.code === 406 || /connection limit/i.test(m.data.error_message ?? '');
      this.#fail(socket, limit ? 406 : 500, m.data.error_message ?? 'stream error');
      return;
    }
    const data2 = (typeof m.data === 'object' && m.data !== null ? m.data : {}) as Record<string, unknown>;
    if (m.stream === 'authorization') {
      if (data2['status'] === 'authorized') {
        this.#set({ phase: 'listening', reason: 'authorized; asking for trade_updates' });
        socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
      } else {
        this.#fail(socket, 402, streamErrorInfo(402).advice);
      }
      return;
    }
    if (m.stream === 'listening') {
      const streams = Array.isArray(data2['streams']) ? data2['streams'] : [];
      if (!streams.includes('trade_updates')) {
        this.#fail(socket, 410, 'the server did not grant trade_updates');
        return;
      }
      this.#handshake?.();
      this.#handshake = undefined;
      this.#reconnect.reset();
      this.#set({ phase: 'streaming', reason: 'listening to trade_updates' });
      this.#awaitingPong = false;
      this.#armHeartbeat(socket);
      this.#h.onListening(session);
      return;
    }
    if (m.stream === 'trade_updates') {
      const update = tradeUpdateSchema.safeParse(m.data);
      if (update.success) this.#h.onUpdate(update.data);
      else this.#h.onMalformed(`trade_updates event refused: ${update.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    // Other streams (none are asked for) are ignored.
  }

  /** Applies the table's policy for `code`, then closes; `#onClose` acts on it. */
  #fail(socket: WebSocket, code: TradeStreamErrorCode, reason: string): void {
    switch (streamErrorInfo(code).policy) {
      case 'stop':
        this.#after = { then: 'stop' };
        this.#set({ phase: 'stopped', reason, lastErrorCode: code });
        break;
      case 'reconnect-long': {
        const { after, hits } = this.#reconnect.connectionLimit();
        this.#after = after;
        if (after.then === 'stop') {
          this.#set({ phase: 'stopped', reason: `connection limit exceeded ${hits} times in a row: close the other app or desk using this account's stream`, lastErrorCode: code });
        } else {
          this.#set({ phase: this.#state.phase, reason: 'connection limit exceeded: another session holds the stream; waiting', lastErrorCode: code });
        }
        break;
      }
      default:
        // 'reconnect'. The policies that keep a data session going (count, report, …) belong to codes this stream
        // never names; the socket closes either way, so the usual backoff is the safe reading.
        this.#set({ phase: this.#state.phase, reason, lastErrorCode: code });
    }
    socket.close();
  }

  /** Each tick pings; a ping still unanswered at the next tick means a dead peer. */
  #armHeartbeat(socket: WebSocket): void {
    this.#heartbeat = this.#o.clock.schedule(this.#o.heartbeatMs ?? 15_000, () => {
      if (this.#awaitingPong) {
        socket.terminate();
        return;
      }
      this.#awaitingPong = true;
      socket.ping();
      this.#armHeartbeat(socket);
    });
  }

  #clearSessionTimers(): void {
    this.#heartbeat?.();
    this.#heartbeat = undefined;
    this.#handshake?.();
    this.#handshake = undefined;
  }

  #onClose(socket: WebSocket): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#clearSessionTimers();
    const after = this.#after;
    if (after.then === 'stop') {
      if (this.#state.phase !== 'stopped') this.#set({ phase: 'stopped', reason: this.#state.reason });
      return;
    }
    const delay = this.#reconnect.schedule(after.minDelayMs);
    const why = after.minDelayMs > 0 ? 'connection limit exceeded: another session holds the stream' : 'stream lost';
    this.#set({ phase: 'waiting', reason: `${why}; reconnecting in ${delay} ms` });
  }

  #set(patch: Partial<TradeStreamState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#h.onState?.(this.#state);
  }
}
