import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { seededUniform } from '../../../core/util/seeded-random.js';
import type { DataFaults, SessionFault } from './fault-plan.js';
import type { ReplicaPart } from './replica-server.js';

const CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'imbalances'] as const;
type Channel = (typeof CHANNELS)[number];
type SubscriptionSet = Record<Channel, Set<string>>;

/** The channel a data message travels on, by its `T`. Corrections and cancels follow `trades`. */
const CHANNEL_OF: Readonly<Record<string, Channel>> = {
  t: 'trades', q: 'quotes', b: 'bars', u: 'updatedBars', d: 'dailyBars', s: 'statuses', l: 'lulds', i: 'imbalances', c: 'trades', x: 'trades',
};

export interface MarketDataStreamOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Feeds served under `/v2/<feed>`. Default iex, sip, test. */
  readonly feeds?: readonly string[];
  /** Authenticated sessions allowed at once; the next one gets 406. Default 1 (most plans). */
  readonly connectionLimit?: number;
  /** Symbols allowed across trades and quotes; more gets 405. Default unlimited. */
  readonly symbolLimit?: number;
  /** No auth within this long → 404 and close. Default 10,000 ms. */
  readonly authTimeoutMs?: number;
  /** Close the socket after 402/404/406 (unverified upstream, so switchable). Default true. */
  readonly closeAfterAuthErrors?: boolean;
  readonly sessionFaults?: readonly SessionFault[];
  readonly dataFaults?: DataFaults;
}

/** What one session looked like, for assertions. */
export interface SessionRecord {
  readonly id: number;
  authenticated: boolean;
  /** The whole set after each subscribe/unsubscribe, in order. */
  readonly setsAfterEachChange: Array<Record<Channel, string[]>>;
  readonly errorsSent: number[];
  closed: boolean;
}

interface Session {
  readonly record: SessionRecord;
  readonly socket: WebSocket;
  readonly set: SubscriptionSet;
  readonly fault: SessionFault;
  dataFrames: number;
  stalled: boolean;
  held: string | undefined;
  authTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The stock market-data WebSocket (protocol note A): welcome, auth by message or headers, subscription
 * arithmetic with `*`, the error codes, the connection limit, and the fault knobs of checklist F.6. It counts
 * sockets open at once, so a test can prove a client never held two.
 */
export class MarketDataStreamPart implements ReplicaPart {
  readonly name = 'market-data-stream';
  readonly answersPings = true;
  readonly #o: MarketDataStreamOptions;
  readonly #sessions = new Set<Session>();
  readonly #records: SessionRecord[] = [];
  readonly #faults: SessionFault[];
  readonly #random: () => number;
  #open = 0;
  #maxOpen = 0;

  constructor(options: MarketDataStreamOptions) {
    this.#o = options;
    this.#faults = [...(options.sessionFaults ?? [])];
    this.#random = seededUniform(options.dataFaults?.seed ?? 1);
  }

  /** Sockets open right now, and the most ever open at once. */
  get openSockets(): number {
    return this.#open;
  }

  get maxOpenSockets(): number {
    return this.#maxOpen;
  }

  /** Every session so far, oldest first. */
  get records(): readonly SessionRecord[] {
    return this.#records;
  }

  /** Appends session faults, consumed one per new connection. */
  planSessions(faults: readonly SessionFault[]): void {
    this.#faults.push(...faults);
  }

  acceptsUpgrade(path: string): boolean {
    const feeds = this.#o.feeds ?? ['iex', 'sip', 'test'];
    return feeds.some((feed) => path === `/v2/${feed}`);
  }

  onConnection(socket: WebSocket, request: IncomingMessage): void {
    const record: SessionRecord = { id: this.#records.length + 1, authenticated: false, setsAfterEachChange: [], errorsSent: [], closed: false };
    this.#records.push(record);
    const session: Session = {
      record, socket, set: emptySet(), fault: this.#faults.shift() ?? { kind: 'none' }, dataFrames: 0, stalled: false, held: undefined, authTimer: undefined,
    };
    this.#sessions.add(session);
    this.#open++;
    this.#maxOpen = Math.max(this.#maxOpen, this.#open);
    socket.on('close', () => this.#ended(session));
    socket.on('message', (data) => this.#onMessage(session, data.toString()));
    socket.on('ping', (data) => {
      if (!(session.stalled && session.fault.kind === 'freeze')) socket.pong(data);
    });
    this.#control(session, { T: 'success', msg: 'connected' });
    if (session.fault.kind === 'error-on-connect') {
      this.#error(session, session.fault.code, session.fault.msg, session.fault.close ?? true);
      return;
    }
    const key = request.headers['apca-api-key-id'];
    if (key !== undefined) {
      const secret = request.headers['apca-api-secret-key'];
      this.#authenticate(session, String(key), String(secret ?? ''));
      return;
    }
    session.authTimer = setTimeout(() => this.#error(session, 404, 'auth timeout', this.#o.closeAfterAuthErrors ?? true), this.#o.authTimeoutMs ?? 10_000);
  }

  /**
   * Sends data messages to every session subscribed to them, batched `batch` per frame, applying session and
   * data faults. Returns how many sessions received at least one message.
   */
  publish(messages: readonly Record<string, unknown>[], batch = 50): number {
    let reached = 0;
    for (const session of this.#sessions) {
      const wanted = messages.filter((m) => this.#wants(session, m));
      if (wanted.length === 0) continue;
      reached++;
      for (let i = 0; i < wanted.length; i += batch) this.#sendData(session, JSON.stringify(wanted.slice(i, i + batch)));
    }
    return reached;
  }

  /** Sends a raw text frame to every authenticated session: malformed input tests. */
  sendRaw(text: string): void {
    for (const session of this.#sessions) if (session.record.authenticated && session.socket.readyState === session.socket.OPEN) session.socket.send(text);
  }

  /** Destroys every socket without a close frame, as a network failure would. */
  dropAll(): number {
    const n = this.#sessions.size;
    for (const session of [...this.#sessions]) this.#drop(session);
    return n;
  }

  /** Sessions subscribed to `symbol` on bars: a test waits for this before publishing. */
  streamingSessions(symbol?: string): number {
    let n = 0;
    for (const s of this.#sessions) if (s.record.authenticated && (symbol === undefined ? true : s.set.bars.has(symbol) || s.set.bars.has('*'))) n++;
    return n;
  }

  close(): void {
    for (const session of this.#sessions) if (session.authTimer !== undefined) clearTimeout(session.authTimer);
  }

  #onMessage(session: Session, text: string): void {
    if ((session.stalled && session.fault.kind === 'freeze') || session.fault.kind === 'mute') return;
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      message = parsed as Record<string, unknown>;
    } catch {
      this.#error(session, 400, 'invalid syntax', false);
      return;
    }
    const action = message.action;
    if (action === 'auth') {
      this.#authenticate(session, String(message.key ?? ''), String(message.secret ?? ''));
    } else if (action === 'subscribe' || action === 'unsubscribe') {
      if (!session.record.authenticated) {
        this.#error(session, 401, 'not authenticated', false);
        return;
      }
      this.#changeSubscription(session, action, message);
    } else {
      this.#error(session, 400, 'invalid syntax', false);
    }
  }

  #authenticate(session: Session, key: string, secret: string): void {
    if (session.authTimer !== undefined) clearTimeout(session.authTimer);
    session.authTimer = undefined;
    if (session.record.authenticated) {
      this.#error(session, 403, 'already authenticated', false);
      return;
    }
    if (key !== this.#o.keyId || secret !== this.#o.secretKey) {
      this.#error(session, 402, 'auth failed', this.#o.closeAfterAuthErrors ?? true);
      return;
    }
    const authenticated = [...this.#sessions].filter((s) => s.record.authenticated && !s.record.closed).length;
    if (authenticated >= (this.#o.connectionLimit ?? 1)) {
      this.#error(session, 406, 'connection limit exceeded', this.#o.closeAfterAuthErrors ?? true);
      return;
    }
    session.record.authenticated = true;
    this.#control(session, { T: 'success', msg: 'authenticated' });
  }

  #changeSubscription(session: Session, action: 'subscribe' | 'unsubscribe', message: Record<string, unknown>): void {
    const next = cloneSet(session.set);
    for (const channel of CHANNELS) {
      const list = message[channel];
      if (list === undefined) continue;
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && /^(\*|[A-Z][A-Z0-9.]{0,15})$/.test(s))) {
        this.#error(session, 400, 'invalid syntax', false);
        return;
      }
      for (const symbol of list as string[]) {
        if (action === 'subscribe') next[channel].add(symbol);
        else next[channel].delete(symbol);
      }
    }
    const limit = this.#o.symbolLimit;
    if (limit !== undefined && new Set([...next.trades, ...next.quotes]).size > limit) {
      this.#error(session, 405, 'symbol limit exceeded', false);
      return;
    }
    for (const channel of CHANNELS) session.set[channel] = next[channel];
    const snapshot = setToLists(session.set);
    session.record.setsAfterEachChange.push(snapshot);
    this.#control(session, { T: 'subscription', ...snapshot, corrections: snapshot.trades, cancelErrors: snapshot.trades });
  }

  #wants(session: Session, message: Record<string, unknown>): boolean {
    const channel = CHANNEL_OF[String(message.T)];
    if (channel === undefined || !session.record.authenticated) return false;
    const set = session.set[channel];
    return set.has('*') || set.has(String(message.S));
  }

  #sendData(session: Session, frame: string): void {
    if (session.record.closed || session.stalled) return;
    const fault = session.fault;
    if (fault.kind === 'drop' || fault.kind === 'stall' || fault.kind === 'freeze' || fault.kind === 'slow-client') {
      if (session.dataFrames >= fault.afterFrames) {
        if (fault.kind === 'drop') this.#drop(session);
        else if (fault.kind === 'slow-client') this.#error(session, 407, 'slow client', true);
        else session.stalled = true;
        return;
      }
    }
    session.dataFrames++;
    const faults = this.#o.dataFaults;
    if (faults?.reorder !== undefined && session.held === undefined && this.#random() < faults.reorder) {
      session.held = frame;
      return;
    }
    session.socket.send(frame);
    if (faults?.duplicate !== undefined && this.#random() < faults.duplicate) session.socket.send(frame);
    if (session.held !== undefined) {
      const held = session.held;
      session.held = undefined;
      session.socket.send(held);
    }
  }

  #control(session: Session, message: Record<string, unknown>): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify([message]));
  }

  #error(session: Session, code: number, msg: string, close: boolean): void {
    session.record.errorsSent.push(code);
    this.#control(session, { T: 'error', code, msg });
    if (close) session.socket.close(1008, msg);
  }

  #drop(session: Session): void {
    session.socket.terminate();
    this.#ended(session);
  }

  #ended(session: Session): void {
    if (session.record.closed) return;
    session.record.closed = true;
    if (session.authTimer !== undefined) clearTimeout(session.authTimer);
    this.#sessions.delete(session);
    this.#open--;
  }
}

function emptySet(): SubscriptionSet {
  return { trades: new Set(), quotes: new Set(), bars: new Set(), updatedBars: new Set(), dailyBars: new Set(), statuses: new Set(), lulds: new Set(), imbalances: new Set() };
}

function cloneSet(set: SubscriptionSet): SubscriptionSet {
  const out = emptySet();
  for (const c of CHANNELS) out[c] = new Set(set[c]);
  return out;
}

function setToLists(set: SubscriptionSet): Record<Channel, string[]> {
  const out = {} as Record<Channel, string[]>;
  for (const c of CHANNELS) out[c] = [...set[c]].sort();
  return out;
}
