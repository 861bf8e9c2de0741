/**
 * A scripted paper session for the crash test, run as a child process that the test SIGKILLs at random
 * points: `node --import tsx test/trading/crash-session.ts <db> <broker-log> <seed> <run> <steps> [die-at-send]`.
 * Every start recovers the journal first (the paper broker, like the process, starts empty), then trades on
 * seeded one-minute bars. It prints `SUBMITTED <id>` once submit has returned ok (the order is journalled),
 * and appends every id handed to the broker to <broker-log> before handing it over, so the parent can check
 * that no order was lost and none reached a broker twice. With `die-at-send` = n it SIGKILLs itself right
 * after handing the n-th order to the broker: the narrowest window, where an order the broker holds but the
 * journal lacks would show up (a kill from outside almost never lands in it).
 */
import { appendFileSync, writeSync } from 'node:fs';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import type { ExecutionReport, SimulatedBroker } from '../../core/trading/broker.js';
import type { Order, OrderRequest } from '../../core/trading/order.js';
import { OrderManager } from '../../core/trading/orders/order-manager.js';
import { FixedMarket, allowAll, flatPortfolio } from '../../core/trading/orders/testing/scripted-gate.js';
import { PaperBroker } from '../../core/trading/paper/paper-broker.js';
import { seededUniform as seededRandom } from '../../core/util/seeded-random.js';

const [dbFile, brokerLog, seedArg, runArg, stepsArg, dieArg] = process.argv.slice(2);
const dieAtSend = Number(dieArg ?? 0);
let sends = 0;
if (dbFile === undefined || brokerLog === undefined || seedArg === undefined || runArg === undefined || stepsArg === undefined) {
  process.stderr.write('usage: crash-session.ts <db> <broker-log> <seed> <run> <steps>\n');
  process.exit(2);
}
const run = Number(runArg);
const steps = Number(stepsArg);
const random = seededRandom(Number(seedArg) * 7_919 + run);
const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

/** Each run trades its own stretch of time, after every earlier run's. */
const start = 1_704_153_600_000 + run * steps * 60_000 * 2;
const clock = new ManualClock(start);
const inner = PaperBroker.create({ clock, config: { fillOnAcceptanceBar: true } });
if (!inner.ok) throw new Error(inner.error);
const paper = inner.value;

/** The broker edge, logged: an id is written down before the broker can have seen it. */
const broker: SimulatedBroker = {
  name: paper.name,
  submit(order: Order) {
    appendFileSync(brokerLog, `${run} ${order.clientOrderId}\n`);
    paper.submit(order);
    if (++sends === dieAtSend) process.kill(process.pid, 'SIGKILL');
  },
  cancel: (id) => paper.cancel(id),
  onReport: (listener: (report: ExecutionReport) => void) => paper.onReport(listener),
  openOrders: () => paper.openOrders(),
  positions: () => paper.positions(),
  onBar: (bar: Bar) => paper.onBar(bar),
};

const db = openDatabase(dbFile);
const market = new FixedMarket();
const last = new Map<string, number>([
  ['AAA', 100],
  ['BBB', 50],
]);
for (const [symbol, px] of last) market.prices.set(symbol, px);
const manager = new OrderManager({ db, broker, gate: allowAll(), clock, market, portfolio: () => flatPortfolio });

const recovery = await manager.recover();
say(`RECOVERED ${JSON.stringify({ resent: recovery.resent.length, rejected: recovery.rejected.length, cancelled: recovery.cancelled.length })}`);

for (let step = 0; step < steps; step++) {
  clock.advanceBy(60_000);
  const symbol = random() < 0.5 ? 'AAA' : 'BBB';
  const px = last.get(symbol) ?? 100;
  const roll = random();
  const id = `r${run}-${step}`;
  const base = { clientOrderId: id, symbol, quantity: quantity(1 + Math.floor(random() * 20)), timeInForce: 'gtc', origin: { kind: 'system' } } as const;
  let request: OrderRequest | undefined;
  if (roll < 0.25) request = { ...base, side: 'buy', type: 'market', bracket: { stopLoss: price(px * 0.99), takeProfit: price(px * 1.01) } };
  else if (roll < 0.45) request = { ...base, side: random() < 0.5 ? 'buy' : 'sell', type: 'market' };
  else if (roll < 0.65) request = { ...base, side: 'buy', type: 'limit', limitPrice: price(px * 0.998), timeInForce: random() < 0.5 ? 'day' : 'gtc' };
  else if (roll < 0.75) {
    const open = manager.openOrders().filter((o) => o.leg !== 'stop_loss' && o.leg !== 'take_profit');
    const victim = open[Math.floor(random() * open.length)];
    if (victim !== undefined) manager.cancel(victim.clientOrderId);
  }
  if (request !== undefined && manager.submit(request).ok) say(`SUBMITTED ${id}`);
  for (const [sym, prev] of last) {
    const open = prev;
    const close = Math.max(1, prev * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.005);
    const low = Math.min(open, close) * (1 - random() * 0.005);
    last.set(sym, close);
    market.prices.set(sym, close);
    broker.onBar({ symbol: sym, interval: '1m', time: epochMs(clock.now() - 60_000), open: price(open), high: price(high), low: price(low), close: price(close), volume: quantity(200) });
  }
}
manager.close();
db.close();
say('DONE');
