import { z } from 'zod';
import type { Bar } from '../../../market/bar.js';
import type { Interval } from '../../../market/interval.js';
import { err, ok, type Result } from '../../../util/result.js';
import { authHeaders, type AlpacaCredentialsSource, type AlpacaHistoryFeed } from '../endpoints.js';
import { TIMEFRAME, toBar } from './bar-mapping.js';
import { formatRfc3339, parseRfc3339 } from '../rfc3339.js';

/** The slice of `fetch` the client uses, so tests can hand in a stub and the desk Node's own fetch. */
export type FetchLike = (url: string, init: { readonly headers: Record<string, string> }) => Promise<{
  readonly status: number;
  text(): Promise<string>;
}>;

export interface RestBarsOptions {
  readonly dataBase: string;
  readonly credentials: AlpacaCredentialsSource;
  readonly feed: AlpacaHistoryFeed;
  /** Default: Node's global fetch. */
  readonly fetch?: FetchLike;
  /** Bars per page (Alpaca: 1..10,000). Default 10,000. */
  readonly pageLimit?: number;
  /** A guard against a server that never ends paging. Default 1,000 pages. */
  readonly maxPages?: number;
}

export interface BarsRequest {
  readonly symbol: string;
  readonly interval: Interval;
  /** Inclusive open-time bounds, epoch ms. */
  readonly start: number;
  readonly end?: number;
}

export interface RestError {
  readonly status: number;
  /** Status, endpoint and the server's message, for the trader or the log. */
  readonly message: string;
  /** 429 and 5xx may heal on a later try; 4xx other than 429 will not. */
  readonly retryable: boolean;
}

const restBarSchema = z
  .object({ t: z.string(), o: z.number().positive(), h: z.number().positive(), l: z.number().positive(), c: z.number().positive(), v: z.number().nonnegative() })
  .refine((b) => b.h >= Math.max(b.o, b.c, b.l) && b.l <= Math.min(b.o, b.c), { message: 'high/low do not bound open and close' });
const pageSchema = z.object({ bars: z.array(restBarSchema).nullable(), next_page_token: z.string().nullable().optional() });

/**
 * Historical bars over REST (protocol note B), single-symbol endpoint, following `next_page_token` with every
 * other parameter unchanged. All pages or nothing: one malformed bar fails the whole request, so a caller never
 * stores half a range.
 */
export class RestBarsClient {
  readonly #o: RestBarsOptions;
  readonly #fetch: FetchLike;

  constructor(options: RestBarsOptions) {
    this.#o = options;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /** Every bar of the range, oldest first. */
  async bars(request: BarsRequest): Promise<Result<Bar[], RestError>> {
    const base = `${this.#o.dataBase.replace(/\/+$/, '')}/v2/stocks/${encodeURIComponent(request.symbol)}/bars`;
    const params = new URLSearchParams({
      timeframe: TIMEFRAME[request.interval],
      start: formatRfc3339(request.start),
      limit: String(this.#o.pageLimit ?? 10_000),
      feed: this.#o.feed,
      adjustment: 'raw',
      sort: 'asc',
    });
    if (request.end !== undefined) params.set('end', formatRfc3339(request.end));
    const headers = authHeaders(await this.#o.credentials());
    const bars: Bar[] = [];
    const seenTokens = new Set<string>();
    let token: string | null | undefined;
    for (let page = 0; page < (this.#o.maxPages ?? 1_000); page++) {
      const query = new URLSearchParams(params);
      if (token !== undefined && token !== null) query.set('page_token', token);
      const url = `${base}?${query.toString()}`;
      const response = await this.#get(url, headers);
      if (!response.ok) return response;
      const parsed = pageSchema.safeParse(response.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return err({ status: 200, retryable: false, message: `bars of ${request.symbol}, page ${page + 1}: invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown issue'}` });
      }
      for (const b of parsed.data.bars ?? []) {
        const t = parseRfc3339(b.t);
        if (Number.isNaN(t)) return err({ status: 200, retryable: false, message: `bars of ${request.symbol}, page ${page + 1}: "${b.t}" is not an RFC 3339 time` });
        bars.push(toBar(request.symbol, request.interval, { ...b, t }));
      }
      token = parsed.data.next_page_token;
      if (token === null || token === undefined || token === '') return ok(bars);
      if (seenTokens.has(token)) return err({ status: 200, retryable: false, message: `bars of ${request.symbol}: the server repeated page token ${token}` });
      seenTokens.add(token);
    }
    return err({ status: 200, retryable: false, message: `bars of ${request.symbol}: more than ${this.#o.maxPages ?? 1_000} pages; narrow the range` });
  }

  async #get(url: string, headers: Record<string, string>): Promise<Result<unknown, RestError>> {
    const where = url.split('?')[0] ?? url;
    let status: number;
    let body: string;
    try {
      const response = await this.#fetch(url, { headers });
      status = response.status;
      body = await response.text();
    } catch (error) {
      return err({ status: 0, retryable: true, message: `GET ${where} failed: ${(error as Error).message}` });
    }
    if (status !== 200) {
      return err({ status, retryable: status === 429 || status >= 500, message: `GET ${where} answered ${status}: ${body.slice(0, 200)}` });
    }
    try {
      return ok(JSON.parse(body) as unknown);
    } catch {
      return err({ status, retryable: false, message: `GET ${where} answered 200 with a body that is not JSON: ${body.slice(0, 80)}` });
    }
  }
}
