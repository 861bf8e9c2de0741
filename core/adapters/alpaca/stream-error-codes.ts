/**
 * What the market-data adapter does on each stream error code (protocol note A.5). The policy is the point:
 * a code that cannot heal by retrying (bad keys, wrong plan) stops the adapter with a reason instead of
 * hammering the server, and the connection limit waits long, since a fast retry only meets the limit again.
 */
export type StreamErrorPolicy =
  /** Our message was wrong: count it, do not resend it, keep the session. */
  | 'count'
  /** Not authenticated yet: authenticate again, then resubscribe. */
  | 'reauthenticate'
  /** Harmless (e.g. a second auth): nothing to do. */
  | 'ignore'
  /** Reconnect after the usual backoff. */
  | 'reconnect'
  /** Another session holds the plan's only connection: wait at least the long backoff, stop if it persists. */
  | 'reconnect-long'
  /** The subscription was refused and left unchanged: keep streaming, report it. */
  | 'report'
  /** Cannot heal by retrying (credentials, plan, feed): stop and say why. */
  | 'stop';

export interface StreamErrorInfo {
  readonly policy: StreamErrorPolicy;
  /** What the trader can do about it. */
  readonly advice: string;
}

const CODES: Readonly<Record<number, StreamErrorInfo>> = {
  400: { policy: 'count', advice: 'the adapter sent a message the server could not parse (a bug, or a badly formatted symbol)' },
  401: { policy: 'reauthenticate', advice: 'subscribed before authenticating; authenticating again' },
  402: { policy: 'stop', advice: 'the API key or secret was refused: re-enter the keys in Settings' },
  403: { policy: 'ignore', advice: 'already authenticated' },
  404: { policy: 'reconnect', advice: 'authentication timed out; reconnecting' },
  405: { policy: 'report', advice: "the subscription exceeds the plan's symbol limit: watch fewer symbols" },
  406: { policy: 'reconnect-long', advice: 'another app or desk uses this account\'s only stream connection: close it' },
  407: { policy: 'reconnect', advice: 'the server cut a slow client; subscribe to fewer channels' },
  408: { policy: 'stop', advice: 'the account lacks market data v2: enable it in the Alpaca dashboard' },
  409: { policy: 'stop', advice: "the feed is not in the account's plan: switch the feed (e.g. sip to iex)" },
  410: { policy: 'stop', advice: 'a channel is not offered by this feed: change the feed or the channels' },
  500: { policy: 'reconnect', advice: 'server error; reconnecting' },
};

/** Least wait before reconnecting after a 406: a fast retry only meets the other session again (note A.5). */
export const CONNECTION_LIMIT_WAIT_MS = 30_000;

/** 406s in a row before a client stops and asks the trader to close the other session, instead of waiting again. */
export const MAX_CONNECTION_LIMIT_HITS = 3;

/** The policy for a stream error code; an unknown code reconnects, which is bounded by the backoff. */
export function streamErrorInfo(code: number): StreamErrorInfo {
  return CODES[code] ?? { policy: 'reconnect', advice: `unknown error code ${code}; reconnecting` };
}
