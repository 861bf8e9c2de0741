import { describe, expect, it } from 'vitest';
import { OrderEvents } from './order-events.js';
import { makeOrder } from './testing/order-fixtures.js';

describe('OrderEvents', () => {
  it('calls each listener of an event in subscription order, and none after it unsubscribes', () => {
    const events = new OrderEvents();
    const heard: string[] = [];
    const offA = events.on('order-updated', (o) => heard.push(`a:${o.clientOrderId}`));
    events.on('order-updated', (o) => heard.push(`b:${o.clientOrderId}`));
    events.emit('order-updated', makeOrder({ clientOrderId: 'o1' }));
    offA();
    events.emit('order-updated', makeOrder({ clientOrderId: 'o2' }));
    expect(heard).toEqual(['a:o1', 'b:o1', 'b:o2']);
  });

  it('delivers nothing to another event\'s listeners, and an event nobody listens to is a no-op', () => {
    const events = new OrderEvents();
    const heard: string[] = [];
    events.on('fill', (f) => heard.push(f.id));
    events.emit('order-updated', makeOrder());
    expect(heard).toEqual([]);
  });

  it('keeps delivering when a listener throws, and reaches a listener added during the delivery', () => {
    const events = new OrderEvents();
    const heard: string[] = [];
    events.on('order-updated', () => {
      events.on('order-updated', (o) => heard.push(`late:${o.clientOrderId}`));
      throw new Error('a UI bug');
    });
    events.on('order-updated', (o) => heard.push(`second:${o.clientOrderId}`));
    expect(() => events.emit('order-updated', makeOrder({ clientOrderId: 'o1' }))).not.toThrow();
    expect(heard).toEqual(['second:o1', 'late:o1']);
  });
});
