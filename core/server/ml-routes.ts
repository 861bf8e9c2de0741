import type { RequestName } from '../contract/names.js';

/** A ticket route resolved to the contract request it stands for. */
export interface MlRoute {
  readonly name: RequestName;
  /** Params taken from the path; for a POST the JSON body is the params instead. */
  readonly params: Readonly<Record<string, string>>;
  /** True when the params come from the JSON body. */
  readonly body: boolean;
}

interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** Path segments; ':x' captures a segment as param x. */
  readonly segments: readonly string[];
  readonly name: RequestName;
}

/**
 * The ticket's REST endpoints ("Working Endpoints"). Each maps onto one contract request and goes through
 * the same `dispatch` as `/api/invoke/<name>`, so validation, results and errors are the contract's.
 */
export const ML_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', segments: ['ml', 'health'], name: 'ml.health' },
  { method: 'GET', segments: ['ml', 'models'], name: 'ml.models' },
  { method: 'GET', segments: ['ml', 'breakout', ':symbol'], name: 'ml.breakout' },
  { method: 'GET', segments: ['ml', 'sentiment', ':symbol'], name: 'ml.sentiment' },
  { method: 'GET', segments: ['ml', 'risk', ':portfolioId', ':symbol'], name: 'ml.risk' },
  { method: 'POST', segments: ['ml', 'batch', 'breakout'], name: 'ml.batchBreakout' },
];

/**
 * The route for `method pathname`, or why none matches: 'no-route' (unknown path) or 'method' (a known
 * path asked with the wrong method, with the one it takes).
 */
export function matchMlRoute(method: string, pathname: string): MlRoute | { readonly miss: 'no-route' } | { readonly miss: 'method'; readonly allowed: string } {
  const parts = pathname.split('/').slice(1);
  for (const spec of ML_ROUTES) {
    const params = matchSegments(spec.segments, parts);
    if (params === undefined) continue;
    if (spec.method !== method) return { miss: 'method', allowed: spec.method };
    return { name: spec.name, params, body: spec.method === 'POST' };
  }
  return { miss: 'no-route' };
}

function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] ?? '';
    if (segment.startsWith(':')) {
      const value = safeDecode(part);
      // An empty capture is left to the schema, which names the field in its error.
      params[segment.slice(1)] = value;
    } else if (segment !== part) {
      return undefined;
    }
  }
  return params;
}

/** A malformed %-escape stays as typed: the symbol schema then refuses it with a readable reason. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
