import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BarTruth, TruthBar } from './bar-truth.js';
import { isoTime } from './bar-truth.js';
import type { RestFaults } from './fault-plan.js';
import type { ReplicaPart } from './replica-server.js';

export interface RestBarsOptions {
  readonly keyId: string;
  readonly secretKey: string;
  readonly truth: BarTruth;
  /** Feeds accepted in `feed`; others get 422. Default iex, sip. */
  readonly feeds?: readonly string[];
  readonly faults?: RestFaults;
}

const TIMEFRAMES: Readonly<Record<string, number>> = { '1Min': 60_000, '1T': 60_000 };
/** Parameters a page token is bound to: Alpaca asks for every other parameter unchanged. */
const BOUND_PARAMS = ['timeframe', 'start', 'end', 'limit', 'feed', 'sort', 'adjustment'] as const;

/** A request as the part saw it, for assertions on paging. */
export interface RestRequestRecord {
  readonly symbol: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
  readonly bars: number;
}

/**
 * Historical bars over REST (protocol note B), single-symbol form, served from the same {@link BarTruth} the
 * stream publishes: `limit`, `start`/`end` inclusive, `sort`, `feed` validation, opaque page tokens that must
 * come back with every other parameter unchanged, 403 for wrong keys, 429 after a budget, injectable 500s and
 * corrupt pages.
 */
export class RestBarsPart implements ReplicaPart {
  readonly name = 'rest-bars';
  readonly #o: RestBarsOptions;
  readonly #faults: RestFaults;
  readonly #tokens = new Map<string, { readonly params: string; readonly offset: number }>();
  readonly requests: RestRequestRecord[] = [];

  constructor(options: RestBarsOptions) {
    this.#o = options;
    this.#faults = { ...options.faults };
  }

  /** Arms more faults: e.g. `{ corruptPages: 1 }` for the next page only. */
  inject(faults: Omit<RestFaults, 'budget'>): void {
    if (faults.corruptPages !== undefined) this.#faults.corruptPages = (this.#faults.corruptPages ?? 0) + faults.corruptPages;
    if (faults.corruptAfterPages !== undefined) this.#faults.corruptAfterPages = faults.corruptAfterPages;
    if (faults.failRequests !== undefined) this.#faults.failRequests = (this.#faults.failRequests ?? 0) + faults.failRequests;
  }

  handleHttp(request: IncomingMessage, url: URL, response: ServerResponse): boolean {
    const match = /^\/v2\/stocks\/([^/]+)\/bars$/.exec(url.pathname);
    if (request.method !== 'GET' || match === null) return false;
    const symbol = decodeURIComponent(match[1] ?? '');
    const params = Object.fromEntries(url.searchParams.entries());
    const answer = (status: number, body: unknown, bars = 0): true => {
      this.requests.push({ symbol, params, status, bars });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
      return true;
    };
    if (request.headers['apca-api-key-id'] !== this.#o.keyId || request.headers['apca-api-secret-key'] !== this.#o.secretKey) {
      return answer(403, { message: 'forbidden' });
    }
    if (this.#faults.budget !== undefined && this.requests.filter((r) => r.status !== 429).length >= this.#faults.budget) {
      return answer(429, { message: 'too many requests' });
    }
    if ((this.#faults.failRequests ?? 0) > 0) {
      this.#faults.failRequests = (this.#faults.failRequests ?? 0) - 1;
      return answer(500, { message: 'internal server error' });
    }
    const step = TIMEFRAMES[params.timeframe ?? ''];
    if (step === undefined) return answer(422, { message: `invalid timeframe ${params.timeframe ?? '(missing)'}` });
    const feed = params.feed ?? '';
    if (!(this.#o.feeds ?? ['iex', 'sip']).includes(feed)) return answer(422, { message: `invalid feed ${feed}` });
    const limit = Number(params.limit ?? '1000');
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return answer(422, { message: `invalid limit ${params.limit ?? ''}` });
    const start = params.start === undefined ? Number.NEGATIVE_INFINITY : Date.parse(params.start);
    const end = params.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(params.end);
    if (Number.isNaN(start) || Number.isNaN(end)) return answer(400, { message: 'invalid start or end' });
    const bound = JSON.stringify([symbol, ...BOUND_PARAMS.map((k) => params[k] ?? '')]);
    let offset = 0;
    if (params.page_token !== undefined) {
      const token = this.#tokens.get(params.page_token);
      if (token === undefined) return answer(422, { message: 'invalid page_token' });
      if (token.params !== bound) return answer(422, { message: 'page_token used with different parameters' });
      offset = token.offset;
    }
    let all: TruthBar[] = this.#o.truth.range(symbol, start, end);
    if (params.sort === 'desc') all = all.reverse();
    const page = all.slice(offset, offset + limit);
    let next: string | null = null;
    if (offset + limit < all.length) {
      next = Buffer.from(`${symbol}|${this.#tokens.size}|${offset + limit}`).toString('base64');
      this.#tokens.set(next, { params: bound, offset: offset + limit });
    }
    const skip = (this.#faults.corruptAfterPages ?? 0) > 0 && page.length > 0;
    if (skip) this.#faults.corruptAfterPages = (this.#faults.corruptAfterPages ?? 0) - 1;
    const corruptThis = !skip && page.length > 0 && (this.#faults.corruptPages ?? 0) > 0;
    const bars = page.map((b, i) => {
      const corrupt = i === 0 && corruptThis;
      return { t: isoTime(b.t), o: b.o, h: corrupt ? b.l - 1 : b.h, l: b.l, c: b.c, v: b.v, n: 1, vw: b.c };
    });
    if (corruptThis) this.#faults.corruptPages = (this.#faults.corruptPages ?? 0) - 1;
    return answer(200, { bars, symbol, next_page_token: next }, bars.length);
  }
}
