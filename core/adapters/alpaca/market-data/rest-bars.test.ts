import { describe, expect, it } from 'vitest';
import { RestBarsClient, type FetchLike } from './rest-bars.js';

const KEYS = { keyId: 'K', secretKey: 'S' };
const BAR = { t: '2022-04-11T08:00:00Z', o: 168.99, h: 169.81, l: 168.99, c: 169, v: 7170, n: 206, vw: 169.233976 };

/** A stub server: answers each call with the next scripted response and records the URLs asked for. */
function scripted(responses: ReadonlyArray<{ status: number; body: unknown } | Error>): { fetch: FetchLike; urls: string[]; headers: Array<Record<string, string>> } {
  const urls: string[] = [];
  const headers: Array<Record<string, string>> = [];
  let i = 0;
  const fetch: FetchLike = (url, init) => {
    urls.push(url);
    headers.push(init.headers);
    const r = responses[i++];
    if (r === undefined) return Promise.reject(new Error('no more scripted responses'));
    if (r instanceof Error) return Promise.reject(r);
    return Promise.resolve({ status: r.status, text: () => Promise.resolve(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)) });
  };
  return { fetch, urls, headers };
}

function client(fetch: FetchLike, maxPages?: number): RestBarsClient {
  return new RestBarsClient({ dataBase: 'http://data.test/', credentials: () => KEYS, feed: 'iex', fetch, pageLimit: 2, ...(maxPages === undefined ? {} : { maxPages }) });
}

describe('RestBarsClient', () => {
  it('follows next_page_token with every other parameter unchanged and maps daily bars to UTC midnight', async () => {
    const s = scripted([
      { status: 200, body: { bars: [BAR, { ...BAR, t: '2022-04-12T04:00:00Z' }], symbol: 'AAPL', next_page_token: 'tok1' } },
      { status: 200, body: { bars: [{ ...BAR, t: '2022-04-13T04:00:00Z' }], symbol: 'AAPL', next_page_token: null } },
    ]);
    const result = await client(s.fetch).bars({ symbol: 'AAPL', interval: '1d', start: Date.UTC(2022, 3, 11), end: Date.UTC(2022, 3, 14) });
    expect(result.ok && result.value.map((b) => new Date(b.time).toISOString().slice(0, 10))).toEqual(['2022-04-11', '2022-04-12', '2022-04-13']);
    const [first, second] = s.urls.map((u) => new URL(u));
    expect(first?.pathname).toBe('/v2/stocks/AAPL/bars');
    expect(Object.fromEntries(first?.searchParams ?? [])).toMatchObject({ timeframe: '1Day', limit: '2', feed: 'iex', adjustment: 'raw', sort: 'asc' });
    expect(second?.searchParams.get('page_token')).toBe('tok1');
    second?.searchParams.delete('page_token');
    expect(second?.search).toBe(first?.search);
    expect(s.headers[0]).toEqual({ 'APCA-API-KEY-ID': 'K', 'APCA-API-SECRET-KEY': 'S' });
  });

  it('fails the whole request on a bad page, naming the page; 429 and 5xx are retryable, 403 is not', async () => {
    const bad = scripted([
      { status: 200, body: { bars: [BAR], next_page_token: 'a' } },
      { status: 200, body: { bars: [{ ...BAR, h: 1 }], next_page_token: null } },
    ]);
    const r1 = await client(bad.fetch).bars({ symbol: 'AAPL', interval: '1m', start: 0 });
    expect(r1.ok ? '' : r1.error.message).toMatch(/page 2.*high\/low/);
    const statuses = await Promise.all([429, 503, 403].map(async (status) => {
      const r = await client(scripted([{ status, body: { message: 'x' } }]).fetch).bars({ symbol: 'A', interval: '1m', start: 0 });
      return r.ok ? undefined : [r.error.status, r.error.retryable];
    }));
    expect(statuses).toEqual([[429, true], [503, true], [403, false]]);
  });

  it('reports network failures, bodies that are not JSON, bad times, repeated tokens and endless paging', async () => {
    const start = { symbol: 'A', interval: '1m' as const, start: 0 };
    const network = await client(scripted([new Error('ECONNREFUSED')]).fetch).bars(start);
    expect(network.ok ? undefined : network.error).toMatchObject({ status: 0, retryable: true });
    const notJson = await client(scripted([{ status: 200, body: '<html>' }]).fetch).bars(start);
    expect(notJson.ok ? '' : notJson.error.message).toContain('not JSON');
    const badTime = await client(scripted([{ status: 200, body: { bars: [{ ...BAR, t: 'noon' }] } }]).fetch).bars(start);
    expect(badTime.ok ? '' : badTime.error.message).toContain('noon');
    const page = { status: 200, body: { bars: [], next_page_token: 'same' } };
    const repeated = await client(scripted([page, page]).fetch).bars(start);
    expect(repeated.ok ? '' : repeated.error.message).toContain('repeated');
    const endless = await client(scripted([{ status: 200, body: { bars: null, next_page_token: 'a' } }, { status: 200, body: { bars: [], next_page_token: 'b' } }]).fetch, 2).bars(start);
    expect(endless.ok ? '' : endless.error.message).toContain('more than 2 pages');
    const empty = await client(scripted([{ status: 200, body: { bars: null, next_page_token: null } }]).fetch).bars(start);
    expect(empty.ok && empty.value).toEqual([]);
  });
});
