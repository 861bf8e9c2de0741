import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity, type EpochMs } from '../../market/units.js';
import type { Fill } from '../order.js';
import { GateMemory } from './gate-memory.js';

const DAY = 86_400_000;
const T0 = 1_704_207_600_000;

const fill = (id: string, time: number): Fill => ({
  id, clientOrderId: `o-${id}`, symbol: 'AAA', side: 'buy', quantity: quantity(1), price: price(100), commission: 0, time: epochMs(time),
});
const at = (time: number): EpochMs => epochMs(time);

describe('GateMemory.prune', () => {
  it('forgets each fill exactly when it is ten days old, also when fills arrive out of time order', () => {
    const memory = new GateMemory();
    const state = memory.view({ global: () => false, model: () => false }, undefined);
    memory.recordFill(fill('late', T0 + 3 * DAY), 'single');
    memory.recordFill(fill('early', T0), 'single');
    memory.prune(at(T0 + 10 * DAY - 1));
    expect(state.fills.map((f) => f.id)).toEqual(['late', 'early']);
    memory.prune(at(T0 + 10 * DAY));
    expect(state.fills.map((f) => f.id)).toEqual(['late']);
    // Forgotten ids may be remembered again; a kept one is still not taken twice.
    memory.recordFill(fill('early', T0 + 11 * DAY), 'single');
    memory.recordFill(fill('late', T0 + 11 * DAY), 'single');
    expect(state.fills.map((f) => f.id)).toEqual(['late', 'early']);
    memory.prune(at(T0 + 13 * DAY - 1));
    expect(state.fills.map((f) => f.id)).toEqual(['late', 'early']);
    memory.prune(at(T0 + 13 * DAY));
    expect(state.fills.map((f) => f.id)).toEqual(['early']);
    memory.prune(at(T0 + 21 * DAY));
    expect(state.fills).toEqual([]);
    memory.recordFill(fill('next', T0 + 30 * DAY), 'single');
    memory.prune(at(T0 + 39 * DAY));
    expect(state.fills.map((f) => f.id)).toEqual(['next']);
    memory.prune(at(T0 + 40 * DAY));
    expect(state.fills).toEqual([]);
  });

  it('keeps submissions for an hour, oldest first', () => {
    const memory = new GateMemory();
    const state = memory.view({ global: () => false, model: () => false }, undefined);
    const request = { clientOrderId: 'a', symbol: 'AAA', side: 'buy', type: 'market', quantity: quantity(1), timeInForce: 'day', origin: { kind: 'manual' } } as const;
    memory.recordSubmission(request, at(T0));
    memory.recordSubmission({ ...request, clientOrderId: 'b' }, at(T0 + 1_000));
    memory.prune(at(T0 + 3_600_000));
    expect(state.submissions.map((s) => s.request.clientOrderId)).toEqual(['b']);
  });
});
