import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakoutBar, calmHistory } from '../../core/desk/scripted-breakout.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { fixedFractionSizer } from '../../core/ml/risk/baselines/fixed-fraction-sizer.js';
import { volTargetAtrSizer } from '../../core/ml/risk/baselines/vol-target-sizer.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { ProposalStore } from '../../core/trading/proposals/proposal-store.js';
import type { RiskSizer } from '../../core/ml/risk/risk-sizer.js';
import { PaperSession, type PaperSessionOptions } from '../../core/trading/session/paper-session.js';

// The risk wiring end to end on a real SQLite file: a breakout is sized by the serving risk sizer with the
// baseline beside it, confirmed into a bracket, and while the position is open the rising market makes the
// sizer propose a tighter stop, which once confirmed moves the working stop order.

const HISTORY = 100;
/** After the breakout at 110, a steady climb of 1.5 a bar on a 2-point range. */
const climb = (i: number, k: number): Bar => {
  const close = 110 + 1.5 * k;
  return { symbol: 'ACME', interval: '1m', time: epochMs(i * 60_000), open: price(close - 1), high: price(close + 1), low: price(close - 1.5), close: price(close), volume: quantity(1_200) };
};

describe('a paper session sized by the risk model', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('risk-session-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  async function run(risk?: PaperSessionOptions['risk']): Promise<{ session: PaperSession; store: ProposalStore }> {
    const clock = new ManualClock(0);
    const opened = PaperSession.open({
      db, clock, interval: '1m', startingCash: 100_000, decide: () => ({ action: 'confirm' }),
      ...(risk === undefined ? {} : { risk }),
    });
    if (!opened.ok) throw new Error(opened.error);
    const session = opened.value;
    for (const bar of calmHistory('ACME', HISTORY)) await session.onBar(bar);
    await session.onBar(breakoutBar('ACME', HISTORY));
    for (let k = 1; k <= 8; k++) await session.onBar(climb(HISTORY + k, k));
    return { session, store: new ProposalStore(db) };
  }

  it('sizes the breakout with the baseline serving (and says why), then trails the stop through confirmed adjustments', async () => {
    const { session, store } = await run();
    expect(session.risk.source).toEqual({ kind: 'baseline', id: 'baseline:vol-target-atr', reason: 'no risk model was given to the session' });
    const all = store.createdBetween(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER));
    const entry = all.find((p) => p.kind === 'signal');
    expect(entry?.status).toBe('confirmed');
    const sizing = entry?.sizing as { serving: { quantity: number; stopLoss: number }; baseline: { quantity: number }; clippedBy: string | null; method: string };
    expect(sizing.method).toBe('risk-sizer');
    expect(entry?.quantity).toBe(sizing.serving.quantity);
    expect(entry?.stopLoss).toBe(sizing.serving.stopLoss);

    const adjustments = all.filter((p) => p.kind === 'adjustment');
    expect(adjustments.length).toBeGreaterThan(0);
    // Every adjustment tightened the stop and was confirmed; never two pending at once.
    let lastStop = entry?.stopLoss ?? 0;
    for (const a of adjustments) {
      expect(a.status).toBe('confirmed');
      expect(a.stopLoss ?? 0).toBeGreaterThan(lastStop);
      lastStop = a.stopLoss ?? 0;
    }
    // The working stop order sits at the last adjustment's stop, for the whole position.
    const working = session.orders.openOrders().filter((o) => o.leg === 'stop_loss');
    expect(working).toHaveLength(1);
    expect(working[0]?.stopPrice).toBe(lastStop);
    expect(working[0]?.quantity).toBe(entry?.quantity);
    expect(session.orders.workingBracket('ACME', 'buy')?.stopLoss).toBe(lastStop);
    session.close();
  });

  it('sizes with the model it is given and keeps the baseline\'s answer beside it', async () => {
    const inner = fixedFractionSizer({ positionFraction: 0.05 });
    const model: RiskSizer = { id: 'risk:test', kind: 'model', size: (input) => {
      const d = inner.size(input);
      return d.ok ? { ok: true, value: { ...d.value, sizer: 'risk:test' } } : d;
    } };
    const { session, store } = await run({ serving: model, baseline: volTargetAtrSizer() });
    const entry = store.createdBetween(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER)).find((p) => p.kind === 'signal');
    expect(entry?.sizing).toMatchObject({ servedBy: { kind: 'model', id: 'risk:test' }, serving: { sizer: 'risk:test' }, baseline: { sizer: 'baseline:vol-target-atr' } });
    // 5 % of 100k at the breakout close of 110: 45 shares.
    expect(entry?.quantity).toBe(45);
    session.close();
  });
});
