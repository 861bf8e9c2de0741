import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import type { ExecutionReport } from '../broker.js';
import type { Order } from '../order.js';
import { applyReport, initialState, remainingQuantity, type OrderState } from './order-state.js';
import { fillReport, makeOrder } from './testing/order-fixtures.js';

const t = epochMs;

function run(order: Order, reports: readonly ExecutionReport[]): { state: OrderState; refused: string[] } {
  let state = initialState(order);
  const refused: string[] = [];
  for (const report of reports) {
    const outcome = applyReport(state, report);
    if (outcome.kind === 'applied') state = outcome.state;
    else if (outcome.kind === 'refused') refused.push(outcome.reason);
  }
  return { state, refused };
}

describe('order state machine', () => {
  const order = makeOrder();

  it('moves new → accepted → partially_filled → filled with a volume-weighted average price', () => {
    const { state, refused } = run(order, [
      { kind: 'accepted', clientOrderId: 'o1', time: t(1_500), brokerOrderId: 'b1' },
      fillReport(order, 'f1', 4, 10),
      fillReport(order, 'f2', 6, 11, 3_000),
    ]);
    expect(refused).toEqual([]);
    expect(state.order).toMatchObject({ status: 'filled', filledQuantity: 10, brokerOrderId: 'b1', updatedAt: 3_000 });
    expect(state.order.avgFillPrice).toBeCloseTo(10.6, 12);
    expect(remainingQuantity(state.order)).toBe(0);
  });

  it('treats a fill on a new order as its acceptance', () => {
    const outcome = applyReport(initialState(order), fillReport(order, 'f1', 3, 10));
    expect(outcome.kind).toBe('applied');
    if (outcome.kind === 'applied') {
      expect(outcome.state.order.status).toBe('partially_filled');
      expect(remainingQuantity(outcome.state.order)).toBe(7);
    }
  });

  it('applies a duplicated fill once', () => {
    const fill = fillReport(order, 'f1', 3, 10);
    const { state } = run(order, [fill, fill, fill]);
    expect(state.order.filledQuantity).toBe(3);
    expect(applyReport(state, fill)).toEqual({ kind: 'ignored', reason: 'fill f1 already applied' });
  });

  it('refuses an over-fill and names the quantities', () => {
    const { state, refused } = run(order, [fillReport(order, 'f1', 8, 10), fillReport(order, 'f2', 3, 10)]);
    expect(state.order.filledQuantity).toBe(8);
    expect(refused).toEqual(['over-fill: fill f2 of 3 would bring o1 to 11, above its quantity 10']);
  });

  it('refuses fills that name another order, symbol or side, or carry a non-positive quantity or price', () => {
    const base = fillReport(order, 'f1', 1, 10);
    if (base.kind !== 'fill') throw new Error('fixture');
    const bad = [
      { ...base, fill: { ...base.fill, clientOrderId: 'o2' } },
      { ...base, fill: { ...base.fill, symbol: 'BBB' } },
      { ...base, fill: { ...base.fill, side: 'sell' as const } },
      { ...base, fill: { ...base.fill, quantity: 0 } },
      { ...base, fill: { ...base.fill, price: Number.NaN } },
      { ...base, fill: { ...base.fill, commission: -1 } },
      { ...base, clientOrderId: 'o2' },
    ] as ExecutionReport[];
    for (const report of bad) expect(applyReport(initialState(order), report).kind).toBe('refused');
  });

  it('keeps terminal states: a cancel after filled and an accept after cancel change nothing', () => {
    const { state } = run(order, [fillReport(order, 'f1', 10, 10), { kind: 'cancelled', clientOrderId: 'o1', time: t(5_000), reason: 'trader' }]);
    expect(state.order.status).toBe('filled');
    const cancelled = run(order, [{ kind: 'cancelled', clientOrderId: 'o1', time: t(5_000), reason: 'trader' }]).state;
    expect(cancelled.order).toMatchObject({ status: 'cancelled', reason: 'trader' });
    expect(applyReport(cancelled, { kind: 'accepted', clientOrderId: 'o1', time: t(1_500) }).kind).toBe('ignored');
    expect(applyReport(cancelled, { kind: 'expired', clientOrderId: 'o1', time: t(6_000), reason: 'day' }).kind).toBe('ignored');
  });

  it('applies a late fill that lost the race with the cancel, and keeps the order cancelled', () => {
    const { state } = run(order, [
      { kind: 'accepted', clientOrderId: 'o1', time: t(1_500) },
      { kind: 'cancelled', clientOrderId: 'o1', time: t(5_000), reason: 'trader' },
      fillReport(order, 'f1', 4, 10, 4_000),
    ]);
    expect(state.order).toMatchObject({ status: 'cancelled', filledQuantity: 4, updatedAt: 5_000 });
  });

  it('refuses a fill on a rejected order and a rejection of an order with fills', () => {
    const rejected = run(order, [{ kind: 'rejected', clientOrderId: 'o1', time: t(1_500), reason: 'no funds' }]).state;
    expect(rejected.order.reason).toBe('no funds');
    expect(applyReport(rejected, fillReport(order, 'f1', 1, 10)).kind).toBe('refused');
    const part = run(order, [fillReport(order, 'f1', 1, 10)]).state;
    expect(applyReport(part, { kind: 'rejected', clientOrderId: 'o1', time: t(3_000), reason: 'late' }).kind).toBe('refused');
  });

  it('takes the broker id from a late acknowledgement without moving the status back', () => {
    const part = run(order, [fillReport(order, 'f1', 1, 10)]).state;
    const outcome = applyReport(part, { kind: 'accepted', clientOrderId: 'o1', time: t(1_500), brokerOrderId: 'b9' });
    expect(outcome.kind === 'applied' && outcome.state.order).toMatchObject({ status: 'partially_filled', brokerOrderId: 'b9' });
  });

  it('leaves an earlier answer\'s fill ids as they were when a later fill is applied', () => {
    const first = applyReport(initialState(order), fillReport(order, 'f1', 3, 10));
    if (first.kind !== 'applied') throw new Error('the first fill should apply');
    const second = applyReport(first.state, fillReport(order, 'f2', 3, 10));
    expect([...first.state.fillIds]).toEqual(['f1']);
    expect(second.kind === 'applied' && [...second.state.fillIds]).toEqual(['f1', 'f2']);
    expect([...initialState(order).fillIds]).toEqual([]);
  });

  it('keeps the order\'s key order: a new broker id and a first average price go last, a kept reason moves last', () => {
    const accepted = run(order, [{ kind: 'accepted', clientOrderId: 'o1', time: t(1_500), brokerOrderId: 'b1' }]).state.order;
    expect(Object.keys(accepted)).toEqual([...Object.keys(order), 'brokerOrderId']);
    const filled = run(order, [fillReport(order, 'f1', 4, 10)]).state.order;
    expect(Object.keys(filled)).toEqual([...Object.keys(order), 'avgFillPrice']);
    const raced = run(order, [{ kind: 'cancelled', clientOrderId: 'o1', time: t(5_000), reason: 'trader' }, fillReport(order, 'f1', 4, 10)]).state.order;
    expect(raced).toMatchObject({ status: 'cancelled', reason: 'trader', filledQuantity: 4 });
    expect(Object.keys(raced)).toEqual([...Object.keys(order), 'avgFillPrice', 'reason']);
    const completed = run(order, [{ kind: 'cancelled', clientOrderId: 'o1', time: t(5_000), reason: 'trader' }, fillReport(order, 'f1', 10, 10)]).state.order;
    expect(completed.status).toBe('filled');
    expect('reason' in completed).toBe(false);
  });

  it('copies the order at every report, as a spread would: earlier answers keep their fields, keys keep their places', () => {
    const states = run(order, []).state;
    const accepted = applyReport(states, { kind: 'accepted', clientOrderId: 'o1', time: t(1_500), brokerOrderId: 'b1' });
    if (accepted.kind !== 'applied') throw new Error('the acknowledgement should apply');
    const filled = applyReport(accepted.state, fillReport(order, 'f1', 4, 10));
    if (filled.kind !== 'applied') throw new Error('the fill should apply');
    expect(accepted.state.order).toStrictEqual({ ...order, status: 'accepted', updatedAt: t(1_500), brokerOrderId: 'b1' });
    expect(filled.state.order).toStrictEqual({ ...accepted.state.order, status: 'partially_filled', filledQuantity: 4, avgFillPrice: 10, updatedAt: filled.state.order.updatedAt });
    expect(Object.keys(filled.state.order)).toEqual([...Object.keys(order), 'brokerOrderId', 'avgFillPrice']);
    const late = run(order, [fillReport(order, 'f1', 1, 10), { kind: 'accepted', clientOrderId: 'o1', time: t(9_000), brokerOrderId: 'b9' }]).state.order;
    expect(Object.keys(late)).toEqual([...Object.keys(order), 'avgFillPrice', 'brokerOrderId']);
    const cancelled = run(order, [{ kind: 'cancelled', clientOrderId: 'o1', time: t(5_000), reason: 'trader' }]).state.order;
    expect(cancelled).toStrictEqual({ ...order, status: 'cancelled', updatedAt: t(5_000), reason: 'trader' });
    expect(Object.keys(cancelled)).toEqual([...Object.keys(order), 'reason']);
    expect(Object.getPrototypeOf(cancelled)).toBe(Object.prototype);
  });

  it('answers for an order\'s one fill id as a set of that id does, and grows a real set at the second fill', () => {
    const first = applyReport(initialState(order), fillReport(order, 'f1', 3, 10));
    if (first.kind !== 'applied') throw new Error('the first fill should apply');
    const one = first.state.fillIds;
    const like = new Set(['f1']);
    expect([one.size, one.has('f1'), one.has('f2'), one.has('')]).toEqual([like.size, true, false, false]);
    expect([[...one], [...one.keys()], [...one.values()], [...one.entries()]]).toEqual([[...like], [...like.keys()], [...like.values()], [...like.entries()]]);
    const seen: unknown[] = [];
    const self = { name: 'this' };
    one.forEach(function (this: unknown, value, value2, set) {
      seen.push(value, value2, set === one, this);
    }, self);
    expect(seen).toEqual(['f1', 'f1', true, self]);
    expect(applyReport(first.state, fillReport(order, 'f1', 3, 10))).toMatchObject({ kind: 'ignored' });
    const second = applyReport(first.state, fillReport(order, 'f2', 3, 10));
    expect(second.kind === 'applied' && second.state.fillIds instanceof Set && [...second.state.fillIds]).toEqual(['f1', 'f2']);
  });

  it('completes fractional fills whose float sum lands a hair off the quantity', () => {
    const fractional = makeOrder({ quantity: 0.3 as Order['quantity'] });
    const { state } = run(fractional, [fillReport(fractional, 'a', 0.1, 10), fillReport(fractional, 'b', 0.2, 10)]);
    expect(state.order).toMatchObject({ status: 'filled', filledQuantity: 0.3 });
  });
});

/** A valid report history for a 100-share order: optional ack, fills in time order, maybe one terminal report. */
const validHistory = fc
  .record({
    acked: fc.boolean(),
    fills: fc.array(fc.record({ qty: fc.integer({ min: 1, max: 30 }), px: fc.integer({ min: 90, max: 110 }) }), { maxLength: 8 }),
    end: fc.constantFrom('none', 'cancelled', 'expired', 'rejected'),
  })
  .map(({ acked, fills, end }) => {
    const order = makeOrder({ quantity: 100 as Order['quantity'] });
    const reports: ExecutionReport[] = [];
    if (acked) reports.push({ kind: 'accepted', clientOrderId: 'o1', time: t(1_100), brokerOrderId: 'b1' });
    let filled = 0;
    fills.forEach((f, i) => {
      const qty = Math.min(f.qty, 100 - filled);
      if (qty <= 0) return;
      filled += qty;
      reports.push(fillReport(order, `f${i}`, qty, f.px, 2_000 + i));
    });
    if (filled < 100 && end !== 'none' && !(end === 'rejected' && filled > 0)) {
      reports.push({ kind: end, clientOrderId: 'o1', time: t(9_000), reason: end } as ExecutionReport);
    }
    return { order, reports };
  });

describe('order state machine under duplicated and reordered reports', () => {
  it('ends in the same status, filled quantity and average price for any permutation with duplicates', () => {
    fc.assert(
      fc.property(
        validHistory.chain(({ order, reports }) =>
          fc.record({
            order: fc.constant(order),
            reports: fc.constant(reports),
            shuffled: fc
              .array(fc.nat({ max: Math.max(0, reports.length - 1) }), { maxLength: reports.length * 2 })
              .chain((dups) => fc.shuffledSubarray([...reports, ...dups.map((i) => reports[i]).filter((r) => r !== undefined)], { minLength: reports.length + dups.length })),
          }),
        ),
        ({ order, reports, shuffled }) => {
          const expected = run(order, reports);
          const actual = run(order, shuffled);
          expect(expected.refused).toEqual([]);
          expect(actual.refused).toEqual([]);
          const { avgFillPrice: a, ...restActual } = actual.state.order;
          const { avgFillPrice: e, ...restExpected } = expected.state.order;
          expect(restActual).toEqual(restExpected);
          expect(a === undefined ? undefined : a.toFixed(9)).toEqual(e === undefined ? undefined : e.toFixed(9));
          expect(actual.state.fillIds).toEqual(expected.state.fillIds);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
