/** Stock market-data stream feeds (protocol note A.1); `test` is always on and serves the symbol FAKEPACA. */
export const ALPACA_STREAM_FEEDS = ['iex', 'sip', 'delayed_sip', 'test'] as const;
export type AlpacaStreamFeed = (typeof ALPACA_STREAM_FEEDS)[number];

/** Feeds the historical bars endpoint accepts (protocol note B); always sent, since the default differs by plan. */
export const ALPACA_HISTORY_FEEDS = ['iex', 'sip', 'otc', 'boats'] as const;
export type AlpacaHistoryFeed = (typeof ALPACA_HISTORY_FEEDS)[number];

/** Where an adapter connects. Tests point every field at the loopback replica. */
export interface AlpacaEndpoints {
  /** Market-data WebSocket base, without the feed path: `wss://stream.data.alpaca.markets`. */
  readonly streamBase: string;
  /** Market-data REST base: `https://data.alpaca.markets`. */
  readonly dataBase: string;
  /** Trading REST base: paper or live. */
  readonly tradingBase: string;
}

/** Paper trading with real market data: the default, since live trading needs an explicit arming step. */
export const ALPACA_PAPER: AlpacaEndpoints = {
  streamBase: 'wss://stream.data.alpaca.markets',
  dataBase: 'https://data.alpaca.markets',
  tradingBase: 'https://paper-api.alpaca.markets',
};

export const ALPACA_LIVE: AlpacaEndpoints = {
  streamBase: 'wss://stream.data.alpaca.markets',
  dataBase: 'https://data.alpaca.markets',
  tradingBase: 'https://api.alpaca.markets',
};

const withoutTrailingSlash = (base: string): string => base.replace(/\/+$/, '');

/** The stock stream URL of one feed: `v2/<feed>`. */
export function stockStreamUrl(endpoints: AlpacaEndpoints, feed: AlpacaStreamFeed): string {
  return `${withoutTrailingSlash(endpoints.streamBase)}/v2/${feed}`;
}

/** The news stream's URL (Alpaca's real-time news page: `/v1beta1/news` on the market-data stream host). */
export function newsStreamUrl(streamBase: string): string {
  return `${withoutTrailingSlash(streamBase)}/v1beta1/news`;
}

/** The `trade_updates` stream of a trading base: `https://paper-api.alpaca.markets` → `wss://paper-api.alpaca.markets/stream`. */
export function tradeStreamUrl(tradingBase: string): string {
  return `${withoutTrailingSlash(tradingBase).replace(/^http/, 'ws')}/stream`;
}

/** API keys as Alpaca issues them. Never logged and never stored in plain text (the credentials port's job). */
export interface AlpacaCredentials {
  readonly keyId: string;
  readonly secretKey: string;
}

/**
 * Where the adapters get keys: a port, so the desk's credential store (OS keychain) can answer it and tests can
 * hand in fixed keys. Asked again on every connect, so a key the trader re-enters is used at the next attempt.
 */
export type AlpacaCredentialsSource = () => AlpacaCredentials | Promise<AlpacaCredentials>;

/** The two authentication headers every Alpaca REST call carries. */
export function authHeaders(credentials: AlpacaCredentials): Record<string, string> {
  return { 'APCA-API-KEY-ID': credentials.keyId, 'APCA-API-SECRET-KEY': credentials.secretKey };
}
