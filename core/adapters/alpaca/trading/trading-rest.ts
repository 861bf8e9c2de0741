import { z } from 'zod';
import { authHeaders, type AlpacaCredentialsSource } from '../endpoints.js';
import {
  alpacaErrorBodySchema, alpacaOrderSchema, alpacaPositionSchema, fillActivitySchema, type AlpacaOrder, type AlpacaPosition, type FillActivity,
} from './trading-messages.js';

/** The fetch the client uses: the global one in the desk, the same against the loopback replica in tests. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

/** An answer from the trading API: the HTTP status, the parsed body, and the rate-limit reset if one was sent. */
export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
  /** `X-Ratelimit-Reset`, epoch seconds (protocol note C). */
  readonly rateLimitReset?: number;
}

/** No answer at all (reset connection, timeout): the request may or may not have reached Alpaca. */
export class TransportError extends Error {
  constructor(readonly what: string, cause: unknown) {
    super(`${what}: no answer from Alpaca (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'TransportError';
  }
}

/** Alpaca answered, but not with what the call needs. */
export class TradingApiError extends Error {
  constructor(readonly what: string, readonly status: number, readonly apiMessage: string) {
    super(`${what}: Alpaca answered ${status}${apiMessage === '' ? '' : ` (${apiMessage})`}`);
    this.name = 'TradingApiError';
  }
}

export interface TradingRestOptions {
  /** Trading REST base: paper or live (`AlpacaEndpoints.tradingBase`). */
  readonly baseUrl: string;
  readonly credentials: AlpacaCredentialsSource;
  readonly fetch?: FetchLike;
  /** A request unanswered this long is a transport failure. Default 10,000 ms. */
  readonly timeoutMs?: number;
}

/** The message of an error body, or ''. */
export function apiMessage(body: unknown): string {
  const parsed = alpacaErrorBodySchema.safeParse(body);
  return parsed.success ? (parsed.data.message ?? '') : '';
}

/** The Trading REST calls the broker adapter makes (protocol note C.1–C.2). Each call is one request: no retries here. */
export class TradingRest {
  readonly #o: TradingRestOptions;
  readonly #fetch: FetchLike;

  constructor(options: TradingRestOptions) {
    this.#o = options;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /** `POST /v2/orders`: the raw answer, since every status means something different to the caller. */
  createOrder(body: Record<string, unknown>): Promise<RestAnswer> {
    return this.#request('POST', '/v2/orders', 'submit order', body);
  }

  /** `GET /v2/orders:by_client_order_id`; undefined when Alpaca has no such order (404). */
  async orderByClientId(clientOrderId: string): Promise<AlpacaOrder | undefined> {
    const what = `look up order ${clientOrderId}`;
    const answer = await this.#request('GET', `/v2/orders:by_client_order_id?client_order_id=${encodeURIComponent(clientOrderId)}`, what);
    if (answer.status === 404) return undefined;
    return this.#parse(answer, alpacaOrderSchema, what);
  }

  /** `GET /v2/orders/{id}?nested=true`: one order with its legs (an OCO's stop leg). */
  async orderById(alpacaOrderId: string): Promise<AlpacaOrder> {
    const what = `read order ${alpacaOrderId}`;
    return this.#parse(await this.#request('GET', `/v2/orders/${encodeURIComponent(alpacaOrderId)}?nested=true`, what), alpacaOrderSchema, what);
  }

  /** `GET /v2/orders?status=all&nested=true`: the newest `limit` orders, open and closed (max 500), OCO legs under their parent. */
  async listOrders(limit: number): Promise<AlpacaOrder[]> {
    const what = 'list orders';
    return this.#parse(await this.#request('GET', `/v2/orders?status=all&limit=${limit}&direction=desc&nested=true`, what), z.array(alpacaOrderSchema), what);
  }

  /** `GET /v2/positions`. */
  async positions(): Promise<AlpacaPosition[]> {
    const what = 'list positions';
    return this.#parse(await this.#request('GET', '/v2/positions', what), z.array(alpacaPositionSchema), what);
  }

  /**
   * Fill activities after `after` (RFC 3339), oldest first, every page: `page_token` is the last entry's id
   * (protocol note C.3). `maxPages` bounds the walk; hitting it is an error, not a silent cut.
   */
  async fillActivities(after: string, maxPages = 50): Promise<FillActivity[]> {
    const what = 'list fill activities';
    const all: FillActivity[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const query = `after=${encodeURIComponent(after)}&direction=asc&page_size=100${token === undefined ? '' : `&page_token=${encodeURIComponent(token)}`}`;
      const batch = this.#parse(await this.#request('GET', `/v2/account/activities/FILL?${query}`, what), z.array(fillActivitySchema), what);
      all.push(...batch);
      if (batch.length < 100) return all;
      token = batch.at(-1)?.id;
    }
    throw new TradingApiError(what, 200, `more than ${maxPages} pages of fills after ${after}`);
  }

  /** `DELETE /v2/orders/{id}`: 204 accepted, 404 unknown, 422 no longer cancellable; the stream confirms. */
  cancelOrder(alpacaOrderId: string): Promise<RestAnswer> {
    return this.#request('DELETE', `/v2/orders/${encodeURIComponent(alpacaOrderId)}`, `cancel order ${alpacaOrderId}`);
  }

  #parse<T>(answer: RestAnswer, schema: z.ZodType<T>, what: string): T {
    if (answer.status !== 200) throw new TradingApiError(what, answer.status, apiMessage(answer.body));
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) throw new TradingApiError(what, answer.status, `unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  async #request(method: string, path: string, what: string, body?: Record<string, unknown>): Promise<RestAnswer> {
    const credentials = await this.#o.credentials();
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.#o.baseUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: { ...authHeaders(credentials), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (cause) {
      throw new TransportError(what, cause);
    }
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = { message: text.slice(0, 200) };
      }
    }
    const reset = Number(response.headers.get('x-ratelimit-reset') ?? Number.NaN);
    return { status: response.status, body: parsed, ...(Number.isFinite(reset) ? { rateLimitReset: reset } : {}) };
  }
}
