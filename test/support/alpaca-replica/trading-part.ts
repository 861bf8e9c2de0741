import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { ReplicaPart } from './replica-server.js';

/** One order as the replica holds it: Alpaca's Order object fields the adapter reads (protocol note C.1). */
export interface ReplicaOrder {
  readonly id: string;
  readonly client_order_id: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly time_in_force: string;
  /** Mutable: a partial fill of one OCO order shrinks its sibling (protocol note C.1). */
  qty: string;
  filled_qty: string;
  filled_avg_price: string | null;
  status: string;
  readonly limit_price: string | null;
  readonly stop_price: string | null;
  readonly order_class: string;
  /** An OCO parent's other order (the stop leg); null otherwise. */
  legs: ReplicaOrder[] | null;
  readonly submitted_at: string;
  updated_at: string;
}

export interface TradingPartOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Authorized `trade_updates` sessions at once before the next gets the connection-limit error. Default 1. */
  readonly connectionLimit?: number;
  /** Event faults drawn per event from a seeded generator: sent twice, or held back until the next event. */
  readonly eventFaults?: { readonly duplicate?: number; readonly reorder?: number; readonly seed?: number };
}

/** A REST call as the replica saw it. */
export interface TradingRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** Faults armed on the REST side; each count is consumed one request at a time. */
export interface TradingRestFaults {
  /** The next N order submissions are accepted and stored, then the socket is destroyed: the response is lost. */
  loseSubmitResponses: number;
  /** The next N order submissions answer 504 without creating anything. */
  gatewayTimeouts: number;
  /** The next N order submissions answer this status and message (e.g. 403 buying power) without creating. */
  rejectSubmits: { status: number; message: string; count: number } | undefined;
  /** The next N requests of any kind answer 429. */
  rateLimited: number;
}

interface Session {
  readonly socket: WebSocket;
  authorized: boolean;
  listening: boolean;
  /** A dead peer with an open socket: no pongs, no events. */
  frozen: boolean;
}

const TERMINAL = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced']);

/**
 * The trading half of the loopback replica: `/v2/orders…`, `/v2/positions` and the `trade_updates` stream at
 * `/stream` (protocol note C and D), with the paper account's truth (orders, positions) and the ambiguity faults of
 * checklist F.10: an accepted order whose response is lost, duplicated, reordered or lost events, dropped sockets,
 * refused keys and the connection limit. Fills happen when the test says (`fill`), so a test knows the truth.
 */
export class TradingPart implements ReplicaPart {
  readonly name = 'trading';
  /** Pongs are ours, so `freezeAll` can play a peer whose socket stays open but answers nothing. */
  readonly answersPings = true;
  readonly #o: TradingPartOptions;
  readonly #orders = new Map<string, ReplicaOrder>();
  readonly #byClientId = new Map<string, string>();
  readonly #positions = new Map<string, { qty: number; cost: number }>();
  readonly #sessions = new Set<Session>();
  readonly requests: TradingRequestRecord[] = [];
  readonly rest: TradingRestFaults = { loseSubmitResponses: 0, gatewayTimeouts: 0, rejectSubmits: undefined, rateLimited: 0 };
  /** While true, events are not sent at all: a stream gap the client can only heal by reconciling over REST. */
  swallowEvents = false;
  /** Planned failures of the next authentications, one per session: 'unauthorized' (bad keys) or a 406. */
  readonly authFaults: ('unauthorized' | 'connection-limit')[] = [];
  /** While true, a `listen` is acked without `trade_updates`, as Alpaca does for a stream it does not offer. */
  withholdTradeUpdates = false;
  #held: string | undefined;
  /** OCO stop leg id → its parent's id. */
  readonly #parentOf = new Map<string, string>();
  readonly #swallowed: string[] = [];
  #seq = 0;
  #exec = 0;
  #rng: number;
  #connections = 0;
  #open = 0;
  #maxOpen = 0;
  /** Events sent on the stream, duplicates included. */
  eventsSent = 0;
  /** Events the faults sent twice, and events they held back behind the next one. */
  duplicated = 0;
  reordered = 0;
  /** Execution ids of every fill, in the order they happened. */
  readonly executions: string[] = [];
  /** Fill activities (protocol note C.3), one per execution, oldest first. */
  readonly activities: { id: string; order_id: string; symbol: string; side: string; qty: string; cum_qty: string; price: string; transaction_time: string; type: string; activity_type: 'FILL' }[] = [];
  /** Fill-activity pages served. */
  activityRequests = 0;
  /** While true, the fill-activities endpoint answers 500. */
  failActivities = false;
  /** When false, an OCO's submit answer has `legs: null`; GET with nested=true still shows them. */
  legsInSubmitAnswer = true;

  constructor(options: TradingPartOptions) {
    this.#o = options;
    this.#rng = (options.eventFaults?.seed ?? 1) >>> 0 || 1;
  }

  get connections(): number {
    return this.#connections;
  }

  get openSockets(): number {
    return this.#open;
  }

  get maxOpenSockets(): number {
    return this.#maxOpen;
  }

  /** Every order the account holds, oldest first. */
  orders(): ReplicaOrder[] {
    return [...this.#orders.values()];
  }

  orderByClientId(clientOrderId: string): ReplicaOrder | undefined {
    const id = this.#byClientId.get(clientOrderId);
    return id === undefined ? undefined : this.#orders.get(id);
  }

  /** Signed share counts per symbol (zero positions left out): the truth the adapter's ledger must match. */
  positions(): Map<string, number> {
    return new Map([...this.#positions].filter(([, p]) => p.qty !== 0).map(([s, p]) => [s, p.qty]));
  }

  /** Order submissions seen (answered or not). */
  submissions(): number {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders').length;
  }

  /** Executes `qty` of a working order at `price`: updates the order and the position, emits the event. */
  fill(clientOrderId: string, qty: number, price: number): void {
    const order = this.orderByClientId(clientOrderId);
    if (order === undefined || TERMINAL.has(order.status)) throw new Error(`replica: no working order ${clientOrderId} to fill`);
    const before = Number(order.filled_qty);
    const cum = before + qty;
    if (cum > Number(order.qty) + 1e-9) throw new Error(`replica: fill of ${qty} over-fills ${clientOrderId}`);
    const avg = ((order.filled_avg_price === null ? 0 : Number(order.filled_avg_price)) * before + price * qty) / cum;
    order.filled_qty = String(cum);
    order.filled_avg_price = String(avg);
    order.status = cum >= Number(order.qty) - 1e-9 ? 'filled' : 'partially_filled';
    order.updated_at = this.#now();
    const p = this.#positions.get(order.symbol) ?? { qty: 0, cost: 0 };
    const signed = order.side === 'buy' ? qty : -qty;
    p.qty += signed;
    p.cost += signed * price;
    this.#positions.set(order.symbol, p);
    const executionId = `exec-${++this.#exec}`;
    this.executions.push(executionId);
    this.activities.push({
      activity_type: 'FILL', id: `${order.updated_at}::${executionId}`, order_id: order.id, symbol: order.symbol, side: order.side,
      qty: String(qty), cum_qty: String(cum), price: String(price), transaction_time: order.updated_at,
      type: order.status === 'filled' ? 'fill' : 'partial_fill',
    });
    this.#emit({
      event: order.status === 'filled' ? 'fill' : 'partial_fill',
      execution_id: executionId,
      order: this.#view(order),
      price: String(price),
      qty: String(qty),
      position_qty: String(p.qty),
      timestamp: order.updated_at,
    });
    // OCO: a complete fill cancels the sibling, a partial one shrinks it (protocol note C.1).
    for (const sibling of this.#group(order).filter((o) => o !== order && !TERMINAL.has(o.status))) {
      if (order.status === 'filled') this.#cancel(sibling);
      else sibling.qty = String(Number(sibling.qty) - qty);
    }
  }

  /** Sends a held-back (reordered) event now. */
  flushHeld(): void {
    const held = this.#held;
    this.#held = undefined;
    if (held !== undefined) this.#broadcast(held);
  }

  /** Every open session stops answering (pings included) and gets no more events, its socket left open. */
  freezeAll(): void {
    for (const s of this.#sessions) s.frozen = true;
  }

  /** Sends a raw frame to every listening session (malformed-input tests). */
  sendRaw(text: string): void {
    for (const s of this.#sessions) if (s.listening) s.socket.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  /** The in-stream error Alpaca sends before it closes (protocol note D), to every session, then the close. */
  failAll(message: string): void {
    for (const s of [...this.#sessions]) {
      this.#send(s, { action: 'error', data: { error_message: message } });
      s.socket.close();
    }
  }

  /** Destroys every stream socket without a close frame (the client sees 1006). */
  dropAll(): number {
    const n = this.#sessions.size;
    for (const s of [...this.#sessions]) s.socket.terminate();
    return n;
  }

  acceptsUpgrade(path: string): boolean {
    return path === '/stream';
  }

  onConnection(socket: WebSocket, _request: IncomingMessage): void {
    const session: Session = { socket, authorized: false, listening: false, frozen: false };
    socket.on('ping', (data) => {
      if (!session.frozen) socket.pong(data);
    });
    this.#sessions.add(session);
    this.#connections++;
    this.#open++;
    this.#maxOpen = Math.max(this.#maxOpen, this.#open);
    socket.on('close', () => {
      if (this.#sessions.delete(session)) this.#open--;
    });
    socket.on('message', (data) => this.#onMessage(session, data.toString()));
  }

  handleHttp(request: IncomingMessage, url: URL, response: ServerResponse): boolean {
    const path = url.pathname;
    if (!path.startsWith('/v2/orders') && path !== '/v2/positions' && path !== '/v2/account/activities/FILL') return false;
    const method = request.method ?? 'GET';
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method, path, status });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (request.headers['apca-api-key-id'] !== this.#o.keyId || request.headers['apca-api-secret-key'] !== this.#o.secretKey) {
      answer(401, { code: 40110000, message: 'request is not authorized' });
      return true;
    }
    if (this.rest.rateLimited > 0) {
      this.rest.rateLimited--;
      answer(429, { code: 42910000, message: 'rate limit exceeded' }, { 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' });
      return true;
    }
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => this.#route(method, url, text, answer, response));
    return true;
  }

  #route(method: string, url: URL, text: string, answer: (status: number, body: unknown, headers?: Record<string, string>) => void, response: ServerResponse): void {
    const path = url.pathname;
    if (method === 'POST' && path === '/v2/orders') return this.#submit(text, answer, response);
    if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const order = this.orderByClientId(url.searchParams.get('client_order_id') ?? '');
      return order === undefined ? answer(404, { code: 40410000, message: 'order not found' }) : answer(200, this.#view(order));
    }
    if (method === 'GET' && path === '/v2/orders') {
      const status = url.searchParams.get('status') ?? 'open';
      const limit = Number(url.searchParams.get('limit') ?? '50');
      if (!(limit >= 1 && limit <= 500)) return answer(422, { code: 42210000, message: `invalid limit ${limit}` });
      // nested=true rolls an OCO's stop leg under its parent instead of listing it on its own (protocol note C.2).
      const nested = url.searchParams.get('nested') === 'true';
      const list = this.orders()
        .filter((o) => !(nested && this.#parentOf.has(o.id)))
        .filter((o) => status === 'all' || (status === 'open') === !TERMINAL.has(o.status))
        .reverse()
        .slice(0, limit);
      return answer(200, list.map((o) => this.#view(o)));
    }
    if (method === 'GET' && path === '/v2/account/activities/FILL') {
      // after (exclusive), direction asc, page_size ≤ 100, page_token = the last entry's id (protocol note C.3).
      const after = Date.parse(url.searchParams.get('after') ?? '1970-01-01T00:00:00Z');
      const size = Number(url.searchParams.get('page_size') ?? '100');
      if (!(size >= 1 && size <= 100) || Number.isNaN(after)) return answer(422, { code: 42210000, message: 'invalid after or page_size' });
      if (this.failActivities) return answer(500, { code: 50010000, message: 'internal server error' });
      let list = this.activities.filter((a) => Date.parse(a.transaction_time) > after);
      const token = url.searchParams.get('page_token');
      if (token !== null) list = list.slice(list.findIndex((a) => a.id === token) + 1);
      this.activityRequests++;
      return answer(200, list.slice(0, size));
    }
    if (method === 'GET' && path === '/v2/positions') {
      return answer(200, [...this.positions()].map(([symbol, qty]) => {
        const p = this.#positions.get(symbol) ?? { qty, cost: 0 };
        return { symbol, qty: String(qty), side: qty < 0 ? 'short' : 'long', avg_entry_price: String(Math.abs(p.cost / p.qty)) };
      }));
    }
    const idMatch = /^\/v2\/orders\/([^/]+)$/.exec(path);
    const order = idMatch?.[1] === undefined ? undefined : this.#orders.get(idMatch[1]);
    if (idMatch !== null && order === undefined) return answer(404, { code: 40410000, message: 'order not found' });
    if (order !== undefined && method === 'GET') return answer(200, this.#view(order));
    if (order !== undefined && method === 'DELETE') {
      if (TERMINAL.has(order.status)) return answer(422, { code: 42210000, message: `order is already in "${order.status}" state` });
      answer(204, undefined);
      // Cancelling one order of an OCO group cancels the rest (protocol note C.1).
      for (const member of this.#group(order)) this.#cancel(member);
      return;
    }
    void response;
    answer(405, { code: 40510000, message: `method ${method} not allowed on ${path}` });
  }

  #submit(text: string, answer: (status: number, body: unknown) => void, response: ServerResponse): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return answer(400, { code: 40010000, message: 'request body format is invalid' });
    }
    if (this.rest.gatewayTimeouts > 0) {
      this.rest.gatewayTimeouts--;
      return answer(504, { message: 'gateway timeout' });
    }
    const reject = this.rest.rejectSubmits;
    if (reject !== undefined && reject.count > 0) {
      reject.count--;
      return answer(reject.status, { code: reject.status * 100_000, message: reject.message });
    }
    const oco = body['order_class'] === 'oco';
    const takeProfit = (body['take_profit'] ?? {}) as Record<string, unknown>;
    const stopLoss = (body['stop_loss'] ?? {}) as Record<string, unknown>;
    if (oco && (body['type'] !== 'limit' || typeof takeProfit['limit_price'] !== 'string' || typeof stopLoss['stop_price'] !== 'string')) {
      return answer(422, { code: 42210000, message: 'oco orders must be limit orders with take_profit.limit_price and stop_loss.stop_price' });
    }
    if (oco) body['limit_price'] = takeProfit['limit_price'];
    const invalid = validateOrder(body);
    if (invalid !== undefined) return answer(422, { code: 42210000, message: invalid });
    const clientOrderId = typeof body['client_order_id'] === 'string' ? body['client_order_id'] : `auto-${this.#seq + 1}`;
    // The legacy limit the adapter keeps (protocol note C.1): a longer id is refused, so a test sees any that slips out.
    if (clientOrderId.length > 48) return answer(422, { code: 40010001, message: 'client_order_id must be no more than 48 characters' });
    // Unique per account forever, even after the earlier order was cancelled (protocol note C.1, [S9]).
    if (this.#byClientId.has(clientOrderId)) return answer(422, { code: 40010001, message: 'client_order_id must be unique' });
    const now = this.#now();
    const order: ReplicaOrder = {
      id: `replica-order-${++this.#seq}`,
      client_order_id: clientOrderId,
      symbol: String(body['symbol']),
      side: body['side'] === 'sell' ? 'sell' : 'buy',
      type: String(body['type']),
      time_in_force: String(body['time_in_force']),
      qty: String(body['qty']),
      filled_qty: '0',
      filled_avg_price: null,
      status: 'accepted',
      limit_price: typeof body['limit_price'] === 'string' ? body['limit_price'] : null,
      stop_price: typeof body['stop_price'] === 'string' ? body['stop_price'] : null,
      order_class: typeof body['order_class'] === 'string' ? body['order_class'] : '',
      legs: null,
      submitted_at: now,
      updated_at: now,
    };
    this.#orders.set(order.id, order);
    this.#byClientId.set(clientOrderId, order.id);
    if (oco) {
      // The stop leg gets an id and a client order id of Alpaca's own making.
      const legId = `replica-order-${++this.#seq}`;
      const leg: ReplicaOrder = {
        ...order, id: legId, client_order_id: `${legId}-auto`, type: 'stop', limit_price: null,
        stop_price: typeof stopLoss['stop_price'] === 'string' ? stopLoss['stop_price'] : null,
      };
      this.#orders.set(legId, leg);
      this.#byClientId.set(leg.client_order_id, legId);
      this.#parentOf.set(legId, order.id);
      order.legs = [leg];
    }
    if (this.rest.loseSubmitResponses > 0) {
      this.rest.loseSubmitResponses--;
      this.requests.push({ method: 'POST', path: '/v2/orders', status: 0 });
      // The order exists, the answer never arrives: the client sees a reset connection.
      response.socket?.destroy();
    } else {
      // Whether the submit answer shows an OCO's legs is not documented: a test can leave them out.
      answer(200, this.legsInSubmitAnswer ? this.#view(order) : { ...this.#view(order), legs: null });
    }
    for (const member of this.#group(order)) {
      member.status = 'new';
      this.#emit({ event: 'new', order: this.#view(member), timestamp: now });
    }
  }

  #onMessage(session: Session, text: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.#send(session, { action: 'error', data: { error_message: 'invalid syntax' } });
    }
    const data = (typeof m['data'] === 'object' && m['data'] !== null ? m['data'] : {}) as Record<string, unknown>;
    if (m['action'] === 'auth' || m['action'] === 'authenticate') {
      // Both the current and the legacy form (protocol note D).
      const key = m['action'] === 'auth' ? m['key'] : data['key_id'];
      const secret = m['action'] === 'auth' ? m['secret'] : data['secret_key'];
      const planned = this.authFaults.shift();
      if (key !== this.#o.keyId || secret !== this.#o.secretKey || planned === 'unauthorized') {
        this.#send(session, { stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate' } });
        session.socket.close();
        return;
      }
      const live = [...this.#sessions].filter((s) => s.authorized).length;
      if (planned === 'connection-limit' || live >= (this.#o.connectionLimit ?? 1)) {
        // [unverified] shape: the documented in-stream error, carrying the data stream's 406.
        this.#send(session, { action: 'error', data: { error_message: 'connection limit exceeded', code: 406 } });
        session.socket.close();
        return;
      }
      session.authorized = true;
      return this.#send(session, { stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } });
    }
    if (m['action'] === 'listen') {
      if (!session.authorized) return this.#send(session, { stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
      const streams = Array.isArray(data['streams']) && !this.withholdTradeUpdates ? data['streams'].filter((s) => s === 'trade_updates') : [];
      session.listening = streams.length > 0;
      return this.#send(session, { stream: 'listening', data: { streams } });
    }
    this.#send(session, { action: 'error', data: { error_message: 'invalid syntax' } });
  }

  /** Cancels a working order on the account's side (an expiring day order, a cancel from Alpaca's dashboard). */
  cancelAtBroker(clientOrderId: string): void {
    const order = this.orderByClientId(clientOrderId);
    if (order === undefined || TERMINAL.has(order.status)) throw new Error(`replica: no working order ${clientOrderId} to cancel`);
    for (const member of this.#group(order)) this.#cancel(member);
  }

  /** The stop leg of the OCO whose parent (take-profit) has this client order id. */
  stopLegOf(parentClientOrderId: string): ReplicaOrder | undefined {
    return this.orderByClientId(parentClientOrderId)?.legs?.[0];
  }

  /** Orders not yet filled, cancelled, expired or rejected. */
  workingOrders(): ReplicaOrder[] {
    return this.orders().filter((o) => !TERMINAL.has(o.status));
  }

  #cancel(order: ReplicaOrder): void {
    if (TERMINAL.has(order.status)) return;
    order.status = 'canceled';
    order.updated_at = this.#now();
    this.#emit({ event: 'canceled', order: this.#view(order), timestamp: order.updated_at });
  }

  /** The order and the other members of its OCO group. */
  #group(order: ReplicaOrder): ReplicaOrder[] {
    const parentId = this.#parentOf.get(order.id);
    const parent = parentId === undefined ? order : this.#orders.get(parentId);
    return parent === undefined ? [order] : [parent, ...(parent.legs ?? [])];
  }

  /** An order as the API shows it: a leg without its parent, a parent with its legs. */
  #view(order: ReplicaOrder): ReplicaOrder {
    return { ...order, legs: order.legs === null ? null : order.legs.map((l) => ({ ...l })) };
  }

  /** Delivers, late, the events a gap swallowed (a slow path that was not lost after all). */
  releaseSwallowed(): number {
    const frames = this.#swallowed.splice(0);
    for (const frame of frames) this.#broadcast(frame);
    return frames.length;
  }

  #emit(data: Record<string, unknown>): void {
    const frame = JSON.stringify({ stream: 'trade_updates', data });
    if (this.swallowEvents) {
      this.#swallowed.push(frame);
      return;
    }
    const faults = this.#o.eventFaults;
    if (faults?.reorder !== undefined && this.#held === undefined && this.#random() < faults.reorder) {
      this.#held = frame;
      this.reordered++;
      return;
    }
    this.#broadcast(frame);
    if (faults?.duplicate !== undefined && this.#random() < faults.duplicate) {
      this.duplicated++;
      this.#broadcast(frame);
    }
    this.flushHeld();
  }

  #broadcast(frame: string): void {
    for (const s of this.#sessions) {
      if (!s.listening || s.frozen || s.socket.readyState !== s.socket.OPEN) continue;
      // The paper stream sends binary frames (protocol note D).
      s.socket.send(Buffer.from(frame, 'utf8'), { binary: true });
      this.eventsSent++;
    }
  }

  #send(session: Session, message: Record<string, unknown>): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(Buffer.from(JSON.stringify(message), 'utf8'), { binary: true });
  }

  /** A small seeded generator (mulberry32), so a fault run replays exactly. */
  #random(): number {
    this.#rng = (this.#rng + 0x6d2b79f5) >>> 0;
    let t = this.#rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  #now(): string {
    // Replica bookkeeping only; the adapter's clock is the test's.
    return new Date().toISOString();
  }
}

/** The C.1 rules the adapter must respect; undefined when the order is valid. */
function validateOrder(body: Record<string, unknown>): string | undefined {
  if (typeof body['symbol'] !== 'string' || body['symbol'] === '') return 'symbol is required';
  const qty = Number(body['qty']);
  if (typeof body['qty'] !== 'string' || !(qty > 0)) return `qty must be a positive decimal string, got ${String(body['qty'])}`;
  if (body['side'] !== 'buy' && body['side'] !== 'sell') return `invalid side ${String(body['side'])}`;
  const type = body['type'];
  if (!['market', 'limit', 'stop', 'stop_limit'].includes(String(type))) return `invalid type ${String(type)}`;
  if (!['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'].includes(String(body['time_in_force']))) return `invalid time_in_force ${String(body['time_in_force'])}`;
  if ((type === 'limit' || type === 'stop_limit') && body['limit_price'] === undefined) return 'limit_price is required';
  if ((type === 'stop' || type === 'stop_limit') && body['stop_price'] === undefined) return 'stop_price is required';
  for (const field of ['limit_price', 'stop_price']) {
    const raw = body[field];
    if (raw === undefined) continue;
    const value = Number(raw);
    const decimals = String(raw).split('.')[1]?.length ?? 0;
    if (!(value > 0) || decimals > (value >= 1 ? 2 : 4)) {
      return `invalid ${field} ${String(raw)}. sub-penny increment does not fulfill minimum pricing criteria`;
    }
  }
  const cid = body['client_order_id'];
  if (cid !== undefined && (typeof cid !== 'string' || cid.length > 128)) return 'client_order_id must be a string of at most 128 characters';
  return undefined;
}
