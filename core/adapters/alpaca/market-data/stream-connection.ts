import { WebSocket, type RawData } from 'ws';
import type { Cancel, Clock } from '../../../time/clock.js';
import type { AlpacaCredentials, AlpacaCredentialsSource } from '../endpoints.js';
import { streamErrorInfo } from '../stream-error-codes.js';
import { ReconnectLoop, RECONNECT, type AfterClose } from '../reconnect-loop.js';
import { parseFrame, type FrameProblem } from './parse-frame.js';
import type { StreamMessage, SubscriptionMessage } from './stream-messages.js';
import {
  actionMessage, channelSetFromReply, diffChannelSets, emptyChannelSet, isEmptyChannelSet, sameChannelSet, type ChannelSet,
} from './subscription.js';

/** Where the connection is. `waiting` is the backoff between attempts; `stopped` needs the trader (or stop()). */
export type StreamPhase = 'idle' | 'connecting' | 'authenticating' | 'subscribing' | 'streaming' | 'waiting' | 'stopped';

export interface StreamState {
  readonly phase: StreamPhase;
  /** Why the phase is what it is, in words a trader can act on. */
  readonly reason: string;
  /** The last stream error code received, if any. */
  readonly lastErrorCode?: number;
  /** Sockets opened since construction. */
  readonly sessions: number;
  /** Attempts since the last session that reached `streaming`. */
  readonly failedAttempts: number;
}

export interface StreamConnectionOptions {
  readonly url: string;
  readonly credentials: AlpacaCredentialsSource;
  /** Timers and "now"; a system clock in the desk, the same in loopback tests with small durations. */
  readonly clock: Clock;
  /** Uniform [0, 1) for the backoff jitter; seeded in tests. */
  readonly random: () => number;
  /** Full-jitter window of the first retry and the cap. Defaults 1,000 and 60,000 ms. */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Least wait after a 406 (another session holds the connection). Default 30,000 ms (protocol note A.5). */
  readonly connectionLimitWaitMs?: number;
  /** 406s in a row before the adapter stops and says so instead of waiting again. Default 3. */
  readonly maxConnectionLimitHits?: number;
  /** How often the connection checks its deadlines (ping, pong, data, handshake). Default 1,000 ms. */
  readonly tickMs?: number;
  /** A ping goes out this often. Default 15,000 ms. */
  readonly heartbeatMs?: number;
  /** A ping unanswered this long means the socket is dead. Default 10,000 ms. */
  readonly pongTimeoutMs?: number;
  /** No data this long during market hours, with symbols subscribed, means a stalled stream. Default 60,000 ms. */
  readonly dataTimeoutMs?: number;
  /** From opening the socket to an acknowledged subscription. Default 15,000 ms. */
  readonly handshakeTimeoutMs?: number;
  /** A graceful close gets this long before the socket is destroyed. Default 2,000 ms. */
  readonly closeTimeoutMs?: number;
  readonly inMarketHours: (ms: number) => boolean;
  /** 'message' sends `{"action":"auth"}` after the welcome; 'headers' authenticates on the upgrade request. */
  readonly authMode?: 'message' | 'headers';
}

/** What the connection tells its owner. */
export interface StreamConnectionHandlers {
  /** Data messages of one frame, validated, in frame order. */
  readonly onData: (messages: readonly StreamMessage[]) => void;
  /** A session acknowledged exactly the desired set (once per session, and again after each change). */
  readonly onSubscribed: (set: ChannelSet, session: number) => void;
  /** A frame or element that failed validation, or a server error the policy only counts. */
  readonly onProblem: (problem: FrameProblem) => void;
  readonly onState: (state: StreamState) => void;
  /** Elements of a type this adapter does not know, per frame. */
  readonly onUnknown?: (count: number) => void;
  /** Every server error message, whatever its policy. */
  readonly onServerError?: (code: number) => void;
}

/**
 * One market-data WebSocket, kept alive: welcome → auth → subscribe exactly the desired set → stream, and on any
 * failure a full-jitter backoff before the next attempt. Invariant: a new socket is opened only from the close
 * handler of the previous one (via the backoff timer), so there are never two connections at once — Alpaca's
 * plans allow one, and a second would be refused with 406.
 */
export class StreamConnection {
  readonly #o: StreamConnectionOptions;
  readonly #h: StreamConnectionHandlers;
  readonly #reconnect: ReconnectLoop;
  #desired: ChannelSet = emptyChannelSet();
  #acked: ChannelSet = emptyChannelSet();
  #inFlight = 0;
  #refused = false;
  #socket: WebSocket | undefined;
  #generation = 0;
  #phase: StreamPhase = 'idle';
  #reason = 'not started';
  #lastErrorCode: number | undefined;
  #sessions = 0;
  #failedAttempts = 0;
  #afterClose: AfterClose | undefined;
  #tickTimer: Cancel | undefined;
  #closeTimer: Cancel | undefined;
  #openedAt = 0;
  #lastDataAt = 0;
  #lastPingAt = 0;
  #pingOutstandingSince: number | undefined;
  #credentials: AlpacaCredentials | undefined;

  constructor(options: StreamConnectionOptions, handlers: StreamConnectionHandlers) {
    this.#o = options;
    this.#h = handlers;
    this.#reconnect = new ReconnectLoop(options, () => void this.#connect());
  }

  state(): StreamState {
    return {
      phase: this.#phase,
      reason: this.#reason,
      sessions: this.#sessions,
      failedAttempts: this.#failedAttempts,
      ...(this.#lastErrorCode === undefined ? {} : { lastErrorCode: this.#lastErrorCode }),
    };
  }

  /** Connects (idempotent); after a stop, starts over with a fresh backoff. */
  start(): void {
    if (this.#phase !== 'idle' && this.#phase !== 'stopped') return;
    this.#reconnect.reset();
    this.#failedAttempts = 0;
    this.#tick();
    void this.#connect();
  }

  /** Closes the socket and cancels every timer; no reconnect follows. */
  stop(reason = 'stopped'): void {
    this.#reconnect.cancel();
    this.#tickTimer?.();
    this.#tickTimer = undefined;
    if (this.#socket !== undefined) this.#close(reason, { then: 'stop' }, true);
    else this.#setPhase('stopped', reason);
  }

  /** Asks for exactly `set`: applied now when streaming, else sent in full by the next session. */
  setDesired(set: ChannelSet): void {
    this.#desired = set;
    this.#refused = false;
    if (this.#phase === 'streaming' || this.#phase === 'subscribing') this.#sync();
  }

  async #connect(): Promise<void> {
    if (this.#socket !== undefined || this.#phase === 'stopped') return;
    const generation = ++this.#generation;
    this.#setPhase('connecting', 'opening the stream');
    let credentials: AlpacaCredentials;
    try {
      credentials = await this.#o.credentials();
    } catch (error) {
      this.#tickTimer?.();
      this.#tickTimer = undefined;
      this.#setPhase('stopped', `no API keys to connect with: ${(error as Error).message}`);
      return;
    }
    // stop() or another attempt may have run while the keys were read.
    if (generation !== this.#generation || this.#phase !== 'connecting') return;
    this.#credentials = credentials;
    const headers = this.#o.authMode === 'headers' ? { 'APCA-API-KEY-ID': credentials.keyId, 'APCA-API-SECRET-KEY': credentials.secretKey } : {};
    const socket = new WebSocket(this.#o.url, { headers });
    this.#socket = socket;
    this.#sessions++;
    this.#failedAttempts++;
    this.#acked = emptyChannelSet();
    this.#inFlight = 0;
    this.#afterClose = undefined;
    this.#openedAt = this.#o.clock.now();
    this.#lastDataAt = this.#openedAt;
    this.#lastPingAt = this.#openedAt;
    this.#pingOutstandingSince = undefined;
    socket.on('message', (data: RawData) => {
      if (generation === this.#generation) this.#onFrame(rawText(data));
    });
    socket.on('pong', () => {
      if (generation === this.#generation) this.#pingOutstandingSince = undefined;
    });
    socket.on('error', (error: Error) => {
      // 'close' always follows; keep the cause for the state's reason.
      if (generation === this.#generation && this.#afterClose === undefined) this.#reason = `socket error: ${error.message}`;
    });
    socket.on('close', (code: number) => {
      if (generation === this.#generation) this.#onClose(code);
    });
  }

  #onFrame(text: string): void {
    const frame = parseFrame(text);
    for (const problem of frame.problems) this.#h.onProblem(problem);
    if (frame.unknown > 0) this.#h.onUnknown?.(frame.unknown);
    const data: StreamMessage[] = [];
    for (const message of frame.messages) {
      switch (message.T) {
        case 'success':
          this.#onSuccess(message.msg);
          break;
        case 'error':
          this.#onError(message.code, message.msg);
          break;
        case 'subscription':
          this.#onSubscription(message);
          break;
        default:
          data.push(message);
      }
    }
    if (data.length > 0) {
      this.#lastDataAt = this.#o.clock.now();
      if (this.#phase === 'streaming' || this.#phase === 'subscribing') {
        try {
          this.#h.onData(data);
        } catch (error) {
          // A throw here would escape into the socket's event handler and take the process down.
          this.#h.onProblem({ index: -1, reason: `handling a frame failed: ${(error as Error).message}` });
        }
      }
    }
  }

  #onSuccess(msg: string): void {
    if (msg === 'connected' && this.#o.authMode !== 'headers') {
      this.#setPhase('authenticating', 'authenticating');
      this.#authenticate();
    } else if (msg === 'authenticated') {
      this.#setPhase('subscribing', 'subscribing');
      this.#sync();
    }
  }

  #authenticate(): void {
    const c = this.#credentials;
    if (c !== undefined) this.#send({ action: 'auth', key: c.keyId, secret: c.secretKey });
  }

  #onSubscription(message: SubscriptionMessage): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#acked = channelSetFromReply(message);
    if (this.#inFlight === 0) this.#sync();
  }

  /** Moves the server's set toward the desired one; when they match, the session is streaming. */
  #sync(): void {
    if (this.#inFlight > 0 || this.#socket === undefined) return;
    if (sameChannelSet(this.#acked, this.#desired) || this.#refused) {
      if (this.#phase === 'subscribing' || this.#phase === 'streaming') this.#streaming();
      return;
    }
    const { add, remove } = diffChannelSets(this.#acked, this.#desired);
    if (!isEmptyChannelSet(remove)) {
      this.#inFlight++;
      this.#send(actionMessage('unsubscribe', remove));
    }
    if (!isEmptyChannelSet(add)) {
      this.#inFlight++;
      this.#send(actionMessage('subscribe', add));
    }
  }

  #streaming(): void {
    const first = this.#phase !== 'streaming';
    this.#failedAttempts = 0;
    this.#reconnect.reset();
    this.#lastDataAt = this.#o.clock.now();
    this.#setPhase('streaming', this.#refused ? 'streaming a smaller set than asked: the server refused the rest' : 'streaming');
    if (first || !this.#refused) this.#h.onSubscribed(this.#acked, this.#sessions);
  }

  #onError(code: number, msg: string): void {
    this.#lastErrorCode = code;
    this.#h.onServerError?.(code);
    const info = streamErrorInfo(code);
    const reason = `error ${code} (${msg}): ${info.advice}`;
    switch (info.policy) {
      case 'count':
        this.#h.onProblem({ index: -1, reason });
        this.#inFlight = Math.max(0, this.#inFlight - 1);
        break;
      case 'ignore':
        break;
      case 'reauthenticate':
        this.#inFlight = 0;
        this.#setPhase('authenticating', reason);
        this.#authenticate();
        break;
      case 'report':
        this.#inFlight = Math.max(0, this.#inFlight - 1);
        this.#refused = true;
        this.#reason = reason;
        this.#sync();
        break;
      case 'reconnect':
        this.#close(reason, RECONNECT, false);
        break;
      case 'reconnect-long': {
        const { after, hits } = this.#reconnect.connectionLimit();
        this.#close(after.then === 'stop' ? `${reason} (${hits} times in a row; stopped)` : reason, after, false);
        break;
      }
      case 'stop':
        this.#close(reason, { then: 'stop' }, false);
        break;
    }
  }

  /** Ends the session; what follows is decided here, carried out when the socket has really closed. */
  #close(reason: string, after: AfterClose, graceful: boolean): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    if (this.#afterClose?.then === 'stop') return;
    this.#afterClose = after;
    this.#reason = reason;
    if (!graceful) {
      socket.terminate();
      return;
    }
    socket.close(1000);
    this.#closeTimer = this.#o.clock.schedule(this.#o.closeTimeoutMs ?? 2_000, () => socket.terminate());
  }

  #onClose(code: number): void {
    this.#closeTimer?.();
    this.#closeTimer = undefined;
    this.#socket = undefined;
    const after = this.#afterClose ?? RECONNECT;
    const reason = this.#afterClose === undefined ? `connection closed (${code}); reconnecting` : this.#reason;
    this.#afterClose = undefined;
    if (after.then === 'stop' || this.#phase === 'stopped') {
      this.#tickTimer?.();
      this.#tickTimer = undefined;
      this.#setPhase('stopped', reason);
      return;
    }
    const delay = this.#reconnect.schedule(after.minDelayMs);
    this.#setPhase('waiting', `${reason}; next attempt in ${delay} ms`);
  }

  /** One timer for every deadline, so the connection never holds more than one timer besides the retry. */
  #tick(): void {
    this.#tickTimer = this.#o.clock.schedule(this.#o.tickMs ?? 1_000, () => {
      this.#checkDeadlines();
      if (this.#tickTimer !== undefined) this.#tick();
    });
  }

  #checkDeadlines(): void {
    const socket = this.#socket;
    if (socket === undefined || this.#afterClose !== undefined) return;
    const now = this.#o.clock.now();
    if (this.#phase !== 'streaming') {
      const limit = this.#o.handshakeTimeoutMs ?? 15_000;
      if (now - this.#openedAt > limit) this.#close(`no subscription acknowledged within ${limit} ms of connecting; reconnecting`, RECONNECT, false);
      return;
    }
    const pongLimit = this.#o.pongTimeoutMs ?? 10_000;
    if (this.#pingOutstandingSince !== undefined && now - this.#pingOutstandingSince > pongLimit) {
      this.#close(`no answer to a ping within ${pongLimit} ms: the connection is dead; reconnecting`, RECONNECT, false);
      return;
    }
    const dataLimit = this.#o.dataTimeoutMs ?? 60_000;
    if (!isEmptyChannelSet(this.#desired) && this.#o.inMarketHours(now) && now - this.#lastDataAt > dataLimit) {
      this.#close(`no data for ${dataLimit} ms in market hours: the stream stalled; reconnecting`, RECONNECT, true);
      return;
    }
    if (now - this.#lastPingAt >= (this.#o.heartbeatMs ?? 15_000) && this.#pingOutstandingSince === undefined) {
      this.#lastPingAt = now;
      this.#pingOutstandingSince = now;
      socket.ping();
    }
  }

  #send(message: Record<string, unknown>): void {
    const socket = this.#socket;
    if (socket !== undefined && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  #setPhase(phase: StreamPhase, reason: string): void {
    this.#phase = phase;
    this.#reason = reason;
    this.#h.onState(this.state());
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
