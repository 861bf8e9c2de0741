import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderManager } from './order-manager.js';
import { openBracketDesk, type BracketDesk } from './testing/bracket-desk.js';
import type { SpyBroker } from './testing/spy-broker.js';

describe('OrderManager.workingBracket over entries closed out one after the other', () => {
  let desk: BracketDesk;
  let broker: SpyBroker;
  let manager: OrderManager;

  beforeEach(() => {
    desk = openBracketDesk('desk-working-bracket-');
    ({ broker, manager } = desk);
    desk.enterLong('e1', 10, 95, 110);
    desk.clock.advanceTo(desk.clock.now() + 60_000);
    desk.enterLong('e2', 5, 90, 120);
  });
  afterEach(() => desk.close());

  it('is the newest open entry, then the older one once the newest is closed out, then none', () => {
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 90, takeProfit: 120 });
    broker.fill('e2.tp.1', 5, 120);
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    // Asked again: the closed entry is skipped from memory and the answer is the same.
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    broker.fill('e1.sl.1', 4, 95);
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    broker.fill('e1.sl.1', 6, 95);
    expect(manager.workingBracket('AAA', 'buy')).toBeUndefined();
    expect(manager.workingBracket('AAA', 'sell')).toBeUndefined();
  });
});
