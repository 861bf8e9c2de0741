import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeskHandlers } from './desk-api.js';
import { bindInvoke, dispatch } from './dispatch.js';
import { DeskFailure, deskError } from './errors.js';
import { isRequestName, isStreamName, REQUEST_NAMES, STREAM_NAMES } from './names.js';
import { deskRequests } from './requests.js';
import { deskStreams } from './streams.js';

/** Handlers these tests do not exercise: each refuses with a typed error, as a handler may. */
function refusingRest(): Omit<DeskHandlers, 'desk.status' | 'market.symbols' | 'market.bars' | 'ml.health'> {
  const refuse = (): never => {
    throw new DeskFailure(deskError('conflict', 'not in this test'));
  };
  return {
    'proposals.list': refuse, 'proposals.confirm': refuse, 'proposals.edit': refuse, 'proposals.reject': refuse,
    'orders.list': refuse, 'orders.cancel': refuse, 'portfolio.summary': refuse,
    'risk.killSwitch.get': refuse, 'risk.killSwitch.set': refuse, 'risk.limits.get': refuse, 'risk.limits.update': refuse,
    'automation.get': refuse, 'automation.set': refuse,
    'ml.models': refuse, 'ml.breakout': refuse, 'ml.batchBreakout': refuse, 'ml.sentiment': refuse, 'ml.risk': refuse,
    'feed.get': refuse, 'feed.set': refuse, 'data.importCsv': refuse,
    'news.list': refuse, 'news.import': refuse, 'news.score': refuse,
    'broker.credentials.get': refuse, 'broker.credentials.set': refuse, 'broker.credentials.clear': refuse,
    'broker.mode.get': refuse, 'broker.mode.set': refuse, 'broker.live.arm': refuse, 'broker.live.disarm': refuse,
    'models.list': refuse, 'models.register': refuse, 'models.deploy': refuse, 'models.promote': refuse, 'models.rollback': refuse,
    'models.disable': refuse, 'models.enable': refuse, 'models.disableAll': refuse, 'models.breaker.close': refuse, 'models.metrics': refuse,
    'models.reliability': refuse, 'models.importance': refuse, 'models.drift': refuse, 'models.abTest': refuse,
    'backtest.run': refuse, 'backtest.result': refuse, 'backtest.cancel': refuse,
  };
}

function recordingHandlers(): { handlers: DeskHandlers; calls: string[] } {
  const calls: string[] = [];
  const handlers: DeskHandlers = {
    'desk.status': () => {
      throw new Error('database is locked');
    },
    'market.symbols': () => {
      calls.push('market.symbols');
      return [];
    },
    'market.bars': (params) => {
      calls.push(`market.bars ${params.symbol} ${String(params.limit)}`);
      return [];
    },
    'ml.health': () => Promise.reject(new Error('boom')),
    ...refusingRest(),
  };
  return { handlers, calls };
}

describe('dispatch', () => {
  it('calls the handler with validated params and returns its result', async () => {
    const { handlers, calls } = recordingHandlers();
    const response = await dispatch(handlers, 'market.bars', { symbol: 'ACME', limit: 10 });
    expect(response).toEqual({ ok: true, value: [] });
    expect(calls).toEqual(['market.bars ACME 10']);
  });

  it('treats missing params as an empty object for requests without params', async () => {
    const { handlers, calls } = recordingHandlers();
    expect((await dispatch(handlers, 'market.symbols', undefined)).ok).toBe(true);
    expect(calls).toEqual(['market.symbols']);
  });

  it('rejects an unknown request name without calling anything', async () => {
    const { handlers, calls } = recordingHandlers();
    const response = await dispatch(handlers, 'orders.delete', {});
    expect(response).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    expect(calls).toEqual([]);
  });

  it('rejects params that fail the schema with a typed error naming the field', async () => {
    const { handlers, calls } = recordingHandlers();
    const response = await dispatch(handlers, 'market.bars', { symbol: 'AC ME', limit: 0 });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('invalid-params');
    expect(response.error.issues?.map((i) => i.path).sort()).toEqual(['limit', 'symbol']);
    expect(calls).toEqual([]);
  });

  it('rejects unexpected extra fields, so typos do not pass silently', async () => {
    const { handlers } = recordingHandlers();
    const response = await dispatch(handlers, 'market.symbols', { everything: true });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('rejects a non-object params value with an issue at the root', async () => {
    const { handlers } = recordingHandlers();
    const response = await dispatch(handlers, 'market.bars', 'ACME');
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ path: '' }] } });
  });

  it('turns a throwing or rejecting handler into an internal error', async () => {
    const { handlers } = recordingHandlers();
    expect(await dispatch(handlers, 'desk.status', {})).toMatchObject({ ok: false, error: { code: 'internal', message: 'desk.status failed: database is locked' } });
    expect(await dispatch(handlers, 'ml.health', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('passes a DeskFailure through as its typed error', async () => {
    const { handlers } = recordingHandlers();
    expect(await dispatch(handlers, 'orders.list', {})).toEqual({ ok: false, error: { code: 'conflict', message: 'not in this test' } });
  });

  it('reports a non-Error throw as internal too', async () => {
    const { handlers } = recordingHandlers();
    const odd: DeskHandlers = { ...handlers, 'market.symbols': () => { throw 'plain string'; } };
    expect(await dispatch(odd, 'market.symbols', {})).toMatchObject({ ok: false, error: { message: 'market.symbols failed: plain string' } });
  });

  it('binds an in-process invoke that goes through the same validation', async () => {
    const { handlers } = recordingHandlers();
    const invoke = bindInvoke(handlers);
    expect(await invoke('market.symbols', {})).toEqual({ ok: true, value: [] });
    expect((await invoke('market.bars', { symbol: '' })).ok).toBe(false);
  });
});

describe('dispatch under fuzzed payloads', () => {
  it('answers any params for any request with a result or a typed error, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...REQUEST_NAMES, 'nope', '__proto__'), fc.anything(), async (name, params) => {
        const { handlers, calls } = recordingHandlers();
        const response = await dispatch(handlers, name, params);
        if (!response.ok) expect(['invalid-params', 'unknown-request', 'internal', 'conflict']).toContain(response.error.code);
        // Rejected input never reaches a handler, so it can change nothing.
        if (!response.ok && response.error.code !== 'internal' && response.error.code !== 'conflict') expect(calls).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('contract names', () => {
  it('lists exactly the requests and streams that have schemas', () => {
    expect(Object.keys(deskRequests).sort()).toEqual([...REQUEST_NAMES].sort());
    expect(Object.keys(deskStreams).sort()).toEqual([...STREAM_NAMES].sort());
  });

  it('recognises only listed names', () => {
    expect(isRequestName('market.bars')).toBe(true);
    expect(isRequestName('__proto__')).toBe(false);
    expect(isRequestName(42)).toBe(false);
    expect(isStreamName('bar')).toBe(true);
    expect(isStreamName('constructor')).toBe(false);
  });
});
