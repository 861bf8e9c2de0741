import { describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import { EventLog, type EventChain } from './event-log.js';
import { fillReport, makeOrder } from './testing/order-fixtures.js';

const chain = (): EventChain => ({ firstEvent: -1, lastEvent: -1 });

describe('EventLog', () => {
  it('keeps interleaved orders\' events apart, each in the order written, with seq = position in the log', () => {
    const log = new EventLog();
    const a = chain();
    const b = chain();
    log.append(a, 'a', epochMs(1), 'created', 'new', undefined);
    log.append(b, 'b', epochMs(2), 'created', 'new', null);
    log.append(a, 'a', epochMs(3), 'accepted', 'accepted', 'broker order p-1');
    log.append(b, 'b', epochMs(4), 'cancelled', 'cancelled', '');
    expect(log.length).toBe(4);
    expect(log.of(a)).toEqual([
      { seq: 1, clientOrderId: 'a', time: 1, kind: 'created', status: 'new' },
      { seq: 3, clientOrderId: 'a', time: 3, kind: 'accepted', status: 'accepted', detail: 'broker order p-1' },
    ]);
    expect(log.of(b)).toEqual([
      { seq: 2, clientOrderId: 'b', time: 2, kind: 'created', status: 'new' },
      { seq: 4, clientOrderId: 'b', time: 4, kind: 'cancelled', status: 'cancelled', detail: '' },
    ]);
    expect('detail' in log.at(1)).toBe(false);
    expect(log.of(chain())).toEqual([]);
  });

  it('keeps each order\'s events linked across the chunks its columns come in, with exact times and seqs', () => {
    const log = new EventLog();
    const chains = [chain(), chain(), chain()];
    const written: { seq: number; clientOrderId: string; time: number; kind: string; status: string; detail?: string }[][] = [[], [], []];
    // 3,500 events over 3 orders (uneven turns), so chains cross chunk ends at different events.
    for (let i = 0; i < 3_500; i++) {
      const k = i % 7 < 3 ? 0 : i % 7 < 5 ? 1 : 2;
      const id = `o${k}`;
      const time = 1_704_153_600_123 + i * 61_001;
      const detail = i % 5 === 0 ? `note ${i}` : undefined;
      log.append(chains[k] as EventChain, id, epochMs(time), `kind-${i % 4}`, 'accepted', detail);
      written[k]?.push({ seq: i + 1, clientOrderId: id, time, kind: `kind-${i % 4}`, status: 'accepted', ...(detail === undefined ? {} : { detail }) });
    }
    expect(log.length).toBe(3_500);
    chains.forEach((c, k) => expect(log.of(c)).toEqual(written[k]));
    for (const index of [0, 1_023, 1_024, 2_047, 2_048, 3_499]) expect(log.at(index).seq).toBe(index + 1);
    expect(log.at(3_499).time).toBe(1_704_153_600_123 + 3_499 * 61_001);
    expect(() => log.at(3_500)).toThrow(RangeError);
    expect(() => log.at(-1)).toThrow(RangeError);
  });

  it('writes a fill\'s detail from its report when first read, the same text every time', () => {
    const log = new EventLog();
    const order = makeOrder();
    const c = chain();
    log.append(c, 'o1', epochMs(2_000), 'fill', 'filled', fillReport(order, 'f1', 10, 101.23456789) as Extract<ReturnType<typeof fillReport>, { kind: 'fill' }>);
    const first = log.at(0);
    expect(first.detail).toBe('fill f1: 10 @ 101.23456789');
    expect(log.of(c)).toEqual([first]);
    expect(log.at(0).detail).toBe(first.detail);
  });

  it('writes an acceptance\'s detail from its report when read: the broker id, or no detail when it has none', () => {
    const log = new EventLog();
    const c = chain();
    log.append(c, 'o1', epochMs(1_000), 'accepted', 'accepted', { kind: 'accepted', clientOrderId: 'o1', time: epochMs(1_000), brokerOrderId: 'paper-7' });
    log.append(c, 'o1', epochMs(1_500), 'accepted', 'accepted', { kind: 'accepted', clientOrderId: 'o1', time: epochMs(1_500) });
    expect(log.of(c)).toEqual([
      { seq: 1, clientOrderId: 'o1', time: 1_000, kind: 'accepted', status: 'accepted', detail: 'broker order paper-7' },
      { seq: 2, clientOrderId: 'o1', time: 1_500, kind: 'accepted', status: 'accepted' },
    ]);
    expect('detail' in log.at(1)).toBe(false);
    expect(log.at(0).detail).toBe('broker order paper-7');
  });
});
