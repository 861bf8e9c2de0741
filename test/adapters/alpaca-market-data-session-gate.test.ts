import { afterEach, describe, expect, it } from 'vitest';
import { OPEN_GATE, type GateState, type SymbolGate } from '../../core/adapters/symbol-gate.js';
import { MarketSimulator } from '../../core/feeds/simulator/market-simulator.js';
import type { Bar } from '../../core/market/bar.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { PaperSession } from '../../core/trading/session/paper-session.js';

const START = Date.UTC(2024, 0, 2);

/** Simulated daily bars: history for warm-up, then `count` live bar groups, all symbols in time order. */
async function simulatedBars(count: number): Promise<{ history: Bar[]; live: Bar[]; symbols: readonly string[] }> {
  const driver = new ManualClock(START);
  const sim = new MarketSimulator({ seed: 7, clock: driver, interval: '1d', historyBars: 120 });
  const symbols = sim.symbols();
  const history: Bar[] = [];
  for (const symbol of symbols) history.push(...(await sim.history({ symbol, interval: '1d' })));
  history.sort((a, b) => a.time - b.time);
  const live: Bar[] = [];
  sim.subscribe(symbols, '1d');
  const off = sim.on('bar', (bar) => live.push(bar));
  sim.start();
  for (let i = 0; i < count; i++) {
    const due = driver.nextDue();
    if (due === undefined) break;
    driver.advanceTo(due);
  }
  sim.stop();
  off();
  return { history, live, symbols };
}

const HELD: GateState = { open: false, reasons: ['halted'], detail: 'halted' };

describe('PaperSession consults a SymbolGate before predicting or proposing an entry', () => {
  const temp = makeTempDir('alpaca-session-gate-');
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    temp.remove();
  });

  async function run(name: string, gate: SymbolGate | undefined, bars: { history: Bar[]; live: Bar[] }): Promise<{ signals: number; proposed: string[] }> {
    const db = openDatabase(temp.file(name));
    dbs.push(db);
    const opened = PaperSession.open({
      db, clock: new ManualClock(bars.history[0]?.time ?? START), interval: '1d', startingCash: 100_000, ...(gate === undefined ? {} : { gate }),
    });
    if (!opened.ok) throw new Error(opened.error);
    const session = opened.value;
    for (const bar of bars.history) session.warmUp(bar);
    for (const bar of bars.live) await session.onBar(bar);
    const signals = session.report().signals;
    session.close();
    const proposed = db.prepare<[], { symbol: string }>('SELECT DISTINCT symbol FROM proposals ORDER BY symbol').all().map((r) => r.symbol);
    return { signals, proposed };
  }

  it('a closed gate means no signal for that symbol; an open one changes nothing', async () => {
    const bars = await simulatedBars(150);
    const free = await run('free.db', undefined, bars);
    const open = await run('open.db', { check: () => OPEN_GATE }, bars);
    expect(free.signals).toBeGreaterThan(0);
    expect(open).toEqual(free);
    const target = free.proposed[0];
    if (target === undefined) throw new Error('the simulated run proposed nothing: pick another seed');
    const one = await run('one.db', { check: (symbol) => (symbol === target ? HELD : OPEN_GATE) }, bars);
    expect(one.proposed).not.toContain(target);
    expect(one.signals).toBeLessThan(free.signals);
    const all = await run('all.db', { check: () => HELD }, bars);
    expect(all).toEqual({ signals: 0, proposed: [] });
  });
});
