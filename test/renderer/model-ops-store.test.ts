import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi, DeskResponse } from '../../core/contract/index.js';
import type { ModelOpsOverview, ModelVersionDto } from '../../core/contract/model-ops-schemas.js';
import { DETAIL_REFRESH_MS, pick, useModelOps } from '../../renderer/src/stores/model-ops-store.js';

const version = (v: string, over: Partial<ModelVersionDto> = {}): ModelVersionDto => ({
  version: v, status: 'registered', trafficShare: 0, registeredAt: 1, refusedReason: null, manifestMetrics: { precision: 0.4 },
  live: { predictions: 0, resolved: 0, signals: 0, precision: null, brier: null, ece: null, meanLatencyMs: null },
  breaker: { state: 'closed', trip: null, reason: null, openedAt: null }, ...over,
});

const overview = (versions: ModelVersionDto[], champion: string | null = null): ModelOpsOverview => ({
  at: 1, allDisabled: false, allDisabledReason: null, fallback: { active: false, reason: null }, uptime: { requests: 0, healthy: 0, share: null }, alerts: [],
  models: [{ model: 'breakout', disabled: false, disabledReason: null, champion, challenger: null, versions }],
});

/** A hand-written desk: answers each request name from `replies` (an error for unknown ones) and records calls. */
function stubDesk(replies: Record<string, DeskResponse<unknown>>): DeskApi & { calls: { name: string; params: unknown }[] } {
  const calls: { name: string; params: unknown }[] = [];
  return {
    calls,
    invoke: ((name: string, params: unknown) => {
      calls.push({ name, params });
      return Promise.resolve(replies[name] ?? { ok: false, error: { code: 'unavailable', message: `${name} is not stubbed` } });
    }) as DeskApi['invoke'],
    on: () => () => undefined,
  };
}

beforeEach(() => {
  useModelOps.setState({ load: { kind: 'loading' }, overview: undefined, model: undefined, version: undefined, refusal: undefined, busy: false, detailsAt: Number.NEGATIVE_INFINITY });
});

describe('model-ops store', () => {
  it('loads the registry, selects the champion and loads its plots', async () => {
    const desk = stubDesk({
      'models.list': { ok: true, value: overview([version('v2', { status: 'challenger' }), version('v1', { status: 'champion' })], 'v1') },
      'models.metrics': { ok: true, value: { model: 'breakout', window: 50, series: [] } },
    });
    await useModelOps.getState().start(desk);
    const s = useModelOps.getState();
    expect([s.load.kind, s.model, s.version]).toEqual(['ready', 'breakout', 'v1']);
    expect(desk.calls.map((c) => c.name).sort()).toEqual(['models.abTest', 'models.drift', 'models.importance', 'models.list', 'models.metrics', 'models.reliability']);
    expect(desk.calls.find((c) => c.name === 'models.drift')?.params).toEqual({ model: 'breakout', version: 'v1' });
    expect(s.details.metrics).toEqual({ ok: true, value: { model: 'breakout', window: 50, series: [] } });
    // One plot's failure stays on that plot.
    expect(s.details.ab?.ok).toBe(false);
  });

  it('shows a failed registry read as the panel error', async () => {
    await useModelOps.getState().start(stubDesk({}));
    expect(useModelOps.getState().load).toEqual({ kind: 'error', message: 'models.list is not stubbed' });
  });

  it('keeps a refused registration with its reason until the next attempt', async () => {
    const refused = stubDesk({ 'models.register': { ok: false, error: { code: 'conflict', message: 'weights.bin: sha256 does not match the manifest (tampered?)' } } });
    const error = await useModelOps.getState().register(refused, 'breakout', '/tmp/v2', 'try v2');
    expect(error).toMatch(/sha256/);
    expect(useModelOps.getState().refusal).toEqual({ dir: '/tmp/v2', message: 'weights.bin: sha256 does not match the manifest (tampered?)' });
    expect(refused.calls[0]?.params).toEqual({ model: 'breakout', dir: '/tmp/v2', reason: 'try v2' });

    const accepted = stubDesk({ 'models.register': { ok: true, value: overview([version('v1')]) } });
    expect(await useModelOps.getState().register(accepted, 'breakout', '/tmp/v1', 'v1')).toBeUndefined();
    expect(useModelOps.getState().refusal).toBeUndefined();
  });

  it('sends a confirmed deploy with its share and reason, and takes the new registry state', async () => {
    useModelOps.setState({ overview: overview([version('v1', { status: 'champion' }), version('v2')], 'v1'), model: 'breakout', version: 'v1' });
    const after = overview([version('v1', { status: 'champion', trafficShare: 0.9 }), version('v2', { status: 'challenger', trafficShare: 0.1 })], 'v1');
    const desk = stubDesk({ 'models.deploy': { ok: true, value: after } });
    const error = await useModelOps.getState().act(desk, { kind: 'deploy', model: 'breakout', version: 'v2', mode: 'challenger', trafficShare: 0.1 }, 'A/B v2');
    expect(error).toBeUndefined();
    expect(desk.calls[0]).toEqual({ name: 'models.deploy', params: { model: 'breakout', version: 'v2', mode: 'challenger', reason: 'A/B v2', trafficShare: 0.1 } });
    expect(useModelOps.getState().overview?.models[0]?.versions.map((v) => v.status)).toEqual(['champion', 'challenger']);
    expect(useModelOps.getState().busy).toBe(false);
  });

  it('returns a refused action to the dialog and changes nothing', async () => {
    const before = overview([version('v1', { status: 'champion' })], 'v1');
    useModelOps.setState({ overview: before, model: 'breakout', version: 'v1' });
    const desk = stubDesk({ 'models.rollback': { ok: false, error: { code: 'conflict', message: 'breakout has no earlier version to roll back to' } } });
    expect(await useModelOps.getState().act(desk, { kind: 'rollback', model: 'breakout' }, 'bad v1')).toBe('breakout has no earlier version to roll back to');
    expect(useModelOps.getState().overview).toBe(before);
  });

  it('maps every action to its request', async () => {
    useModelOps.setState({ overview: overview([version('v1', { status: 'champion' })], 'v1'), model: 'breakout', version: 'v1' });
    const ok = { ok: true, value: overview([version('v1', { status: 'champion' })], 'v1') } as const;
    const desk = stubDesk({ 'models.promote': ok, 'models.disable': ok, 'models.enable': ok, 'models.disableAll': ok, 'models.breaker.close': ok });
    const act = useModelOps.getState().act;
    await act(desk, { kind: 'promote', model: 'breakout', version: 'v2' }, 'r');
    await act(desk, { kind: 'disable', model: 'breakout' }, 'r');
    await act(desk, { kind: 'enable', model: 'breakout' }, 'r');
    await act(desk, { kind: 'disableAll', disabled: true }, 'r');
    await act(desk, { kind: 'closeBreaker', model: 'breakout', version: 'v1' }, 'r');
    expect(desk.calls.filter((c) => !c.name.startsWith('models.') || ['models.promote', 'models.disable', 'models.enable', 'models.disableAll', 'models.breaker.close'].includes(c.name)))
      .toEqual([
        { name: 'models.promote', params: { model: 'breakout', version: 'v2', reason: 'r' } },
        { name: 'models.disable', params: { model: 'breakout', reason: 'r' } },
        { name: 'models.enable', params: { model: 'breakout', reason: 'r' } },
        { name: 'models.disableAll', params: { disabled: true, reason: 'r' } },
        { name: 'models.breaker.close', params: { model: 'breakout', version: 'v1', reason: 'r' } },
      ]);
  });

  it('updates live figures from the stream and re-reads the plots at most every DETAIL_REFRESH_MS', () => {
    useModelOps.setState({ overview: overview([version('v1', { status: 'champion' })], 'v1'), model: 'breakout', version: 'v1', detailsAt: 1_000 });
    const desk = stubDesk({});
    const live = { predictions: 9, resolved: 4, signals: 9, precision: 0.5, brier: 0.2, ece: 0.1, meanLatencyMs: 0.4 };
    useModelOps.getState().applyMetrics(desk, { at: 5, model: 'breakout', version: 'v1', live }, 1_000 + DETAIL_REFRESH_MS - 1);
    expect(useModelOps.getState().overview?.models[0]?.versions[0]?.live).toEqual(live);
    expect(desk.calls).toEqual([]);
    useModelOps.getState().applyMetrics(desk, { at: 6, model: 'breakout', version: 'v1', live }, 1_000 + DETAIL_REFRESH_MS);
    expect(desk.calls.map((c) => c.name)).toContain('models.metrics');
  });

  it('keeps a chosen version while it exists, else falls back to the champion, never to a refused one', () => {
    const o = overview([version('bad', { status: 'refused', refusedReason: 'tampered' }), version('v2'), version('v1', { status: 'champion' })], 'v1');
    expect(pick(o, 'breakout', 'v2')).toEqual({ model: 'breakout', version: 'v2' });
    expect(pick(o, 'breakout', 'gone')).toEqual({ model: 'breakout', version: 'v1' });
    expect(pick(overview([version('bad', { status: 'refused', refusedReason: 'x' }), version('v3')]), undefined, undefined)).toEqual({ model: 'breakout', version: 'v3' });
    expect(pick({ ...o, models: [] }, 'breakout', 'v1')).toEqual({ model: undefined, version: undefined });
  });
});
