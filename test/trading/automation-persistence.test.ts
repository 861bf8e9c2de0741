import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPaper } from '../../core/cli/commands/paper-command.js';
import { createDesk, type Desk } from '../../core/desk/create-desk.js';
import { breakoutBar, calmHistory } from '../../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { epochMs } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { readComplianceExport } from '../../core/trading/compliance/compliance-export.js';
import { AUTOMATION_KEY, AutomationSettingsStore } from '../../core/trading/proposals/automation-settings-store.js';
import { RiskEventStore, type RiskEvent } from '../../core/trading/risk/risk-event-store.js';
import { SettingsTable } from '../../core/trading/risk/settings-table.js';

// Automation survives a desk restart through the settings table, every change is in risk_events, and
// `desk paper` trades under the stored policy unless --auto overrides it for the run.

const HISTORY = 100;
const RULE = { enabled: true, minConfidence: 0, maxPositionWeight: 0.2 };
const ALL = [epochMs(0), epochMs(Number.MAX_SAFE_INTEGER)] as const;

let tmp: ReturnType<typeof makeTempDir>;
const opened: Desk[] = [];

beforeEach(() => {
  tmp = makeTempDir('automation-persist-');
});
afterEach(async () => {
  for (const desk of opened.splice(0)) await desk.close();
  tmp.remove();
});

async function start(feed = new ScriptedFeed(calmHistory('ACME', HISTORY))): Promise<Desk> {
  const desk = await createDesk({ dbFile: tmp.file('desk.db'), clock: new ManualClock(5_000), seed: 1, createFeed: scriptedDeskFeed(feed, ['ACME'], HISTORY) });
  opened.push(desk);
  return desk;
}

async function stop(desk: Desk): Promise<void> {
  opened.splice(opened.indexOf(desk), 1);
  await desk.close();
}

function riskEvents(): RiskEvent[] {
  const db = openDatabase(tmp.file('desk.db'));
  try {
    return new RiskEventStore(db).list(...ALL);
  } finally {
    db.close();
  }
}

describe('automation across a desk restart', () => {
  it('comes back as the trader set it, audited in risk_events and shown in the compliance export', async () => {
    const first = await start();
    const policy = { byModel: { baseline: RULE } };
    expect(await first.invoke('automation.set', { policy, reason: 'roll out on the baseline' })).toMatchObject({ ok: true, value: { policy } });
    await stop(first);

    const second = await start();
    expect(await second.invoke('automation.get', {})).toMatchObject({ ok: true, value: { policy } });
    await stop(second);

    const changes = riskEvents().filter((e) => e.kind === 'settings-changed');
    expect(changes.map((e) => [e.actor, e.reason, e.detail])).toEqual([['trader', 'roll out on the baseline', { setting: 'automation', before: {}, after: policy }]]);
    const db = openDatabase(tmp.file('desk.db'));
    try {
      const exported = readComplianceExport(db, ...ALL);
      const cell = (table: typeof exported.settings, row: readonly unknown[], column: string): unknown => row[table.columns.indexOf(column)];
      const row = exported.settings.rows.find((r) => cell(exported.settings, r, 'key') === AUTOMATION_KEY) ?? [];
      const value = cell(exported.settings, row, 'value');
      expect(typeof value === 'string' ? JSON.parse(value) : value).toEqual(policy);
      expect(exported.riskEvents.rows.some((r) => cell(exported.riskEvents, r, 'reason') === 'roll out on the baseline')).toBe(true);
    } finally {
      db.close();
    }
  });

  it('trades under the restored policy: a breakout after the restart is confirmed by automation', async () => {
    const first = await start();
    await first.invoke('automation.set', { policy: { byModel: { baseline: RULE } } });
    await stop(first);
    const feed = new ScriptedFeed(calmHistory('ACME', HISTORY));
    const second = await start(feed);
    feed.emitBar(breakoutBar('ACME', HISTORY));
    await second.idle();
    const listed = await second.invoke('proposals.list', {});
    expect(listed.ok && listed.value.recent.map((p) => [p.status, p.decidedBy])).toEqual([['confirmed', 'automation']]);
  });

  it('starts with automation off and a risk event saying why when the stored value is invalid', async () => {
    const db = openDatabase(tmp.file('desk.db'));
    new SettingsTable(db).put(AUTOMATION_KEY, { byModel: { baseline: { ...RULE, maxPositionWeight: 5 } } }, epochMs(1));
    db.close();
    const desk = await start();
    expect(await desk.invoke('automation.get', {})).toMatchObject({ ok: true, value: { policy: {} } });
    await stop(desk);
    const [event] = riskEvents();
    expect(event).toMatchObject({ kind: 'settings-changed', actor: 'system', detail: { setting: 'automation', after: {} } });
    expect(event?.reason).toMatch(/byModel\.baseline\.maxPositionWeight/);
  });

  it('refuses an invalid automation.set with invalid-params and keeps the stored policy', async () => {
    const desk = await start();
    await desk.invoke('automation.set', { policy: { bySymbol: { ACME: RULE } } });
    expect(await desk.invoke('automation.set', { policy: { bySymbol: { ACME: { ...RULE, minConfidence: -1 } } } })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    await stop(desk);
    const again = await start();
    expect(await again.invoke('automation.get', {})).toMatchObject({ ok: true, value: { policy: { bySymbol: { ACME: RULE } } } });
  });
});

describe('desk paper and the stored automation', () => {
  const options = { bars: '120', seed: '3', interval: '1d', cash: '100000', minConfidence: '0.5', model: 'baseline' };

  function storePolicy(file: string, policy: unknown): void {
    const db = openDatabase(file);
    try {
      const set = AutomationSettingsStore.open(new SettingsTable(db), new RiskEventStore(db), new ManualClock(1)).set(policy, 'trader', 'test');
      expect(set.ok).toBe(true);
    } finally {
      db.close();
    }
  }

  it('confirms under the stored policy without --auto, and nothing with automation off', async () => {
    storePolicy(tmp.file('on.db'), { byModel: { baseline: RULE } });
    const on = await runPaper(tmp.file('on.db'), options);
    const off = await runPaper(tmp.file('off.db'), options);
    expect(on.report.proposals.confirmed).toBeGreaterThan(0);
    expect(off.report.proposals.confirmed).toBe(0);
  });

  it('replays under the desk database\'s stored policy, though the session goes to a file of its own', async () => {
    const desk = tmp.file('bars.db');
    const db = openDatabase(desk);
    new BarStore(db).upsert([...calmHistory('ACME', HISTORY), breakoutBar('ACME', HISTORY)]);
    db.close();
    const replay = { ...options, interval: '1m', replay: 'ACME', from: new Date(HISTORY * 60_000).toISOString() };
    const before = await runPaper(tmp.file('replay-off.db'), replay, desk);
    storePolicy(desk, { bySymbol: { ACME: RULE } });
    const after = await runPaper(tmp.file('replay-on.db'), replay, desk);
    expect(before.report.proposals.confirmed).toBe(0);
    expect(after.report.proposals.confirmed).toBe(1);
  });

  it('lets --auto win over the stored policy for the run, leaving the stored policy as it was', async () => {
    storePolicy(tmp.file('auto.db'), { byModel: { baseline: RULE } });
    // --auto's rule asks confidence ≥ 0.5 and the baseline claims 0: nothing is confirmed, though the stored rule would.
    const run = await runPaper(tmp.file('auto.db'), { ...options, auto: true });
    expect(run.report.proposals.confirmed).toBe(0);
    expect(run.report.signals).toBeGreaterThan(0);
    const db = openDatabase(tmp.file('auto.db'));
    try {
      expect(new SettingsTable(db).get(AUTOMATION_KEY)).toEqual({ byModel: { baseline: RULE } });
    } finally {
      db.close();
    }
  });
});
