import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity, type EpochMs } from '../../market/units.js';
import type { Fill } from '../order.js';
import { seededUniform } from '../../util/seeded-random.js';
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

  it('keeps what a filtered copy would keep, in the same lists, over many prunes (fills out of order, ids reused)', () => {
    const memory = new GateMemory();
    const state = memory.view({ global: () => false, model: () => false }, undefined);
    const fills = state.fills;
    const submissions = state.submissions;
    const random = seededUniform(8);
    let model: Fill[] = [];
    const sent: { id: string; time: number }[] = [];
    let now = T0;
    for (let step = 0; step < 400; step++) {
      now += Math.floor(random() * 2 * DAY);
      const id = `f${Math.floor(random() * 60)}`;
      const time = now - Math.floor(random() * 12 * DAY);
      if (!model.some((f) => f.id === id)) model.push(fill(id, time));
      memory.recordFill(fill(id, time), 'single');
      const sentAt = now - Math.floor(random() * 2 * 3_600_000);
      memory.recordSubmission({ clientOrderId: `s${step}`, symbol: 'AAA', side: 'buy', type: 'market', quantity: quantity(1), timeInForce: 'day', origin: { kind: 'manual' } }, at(sentAt));
      sent.push({ id: `s${step}`, time: sentAt });
      memory.prune(at(now));
      // Submissions are dropped from the front while the oldest is an hour old (they arrive in time order live).
      while (sent.length > 0 && !(now - (sent[0]?.time ?? 0) < 3_600_000)) sent.shift();
      expect(submissions.map((x) => x.request.clientOrderId)).toEqual(sent.map((x) => x.id));
      model = model.filter((f) => now - f.time < 10 * DAY);
      expect(fills.map((f) => f.id)).toEqual(model.map((f) => f.id));
      // The view reads the memory's own lists: pruning shortens them in place.
      expect(state.fills).toBe(fills);
      expect(state.submissions).toBe(submissions);
    }
    expect(submissions.length).toBeLessThan(400);
  });
});
