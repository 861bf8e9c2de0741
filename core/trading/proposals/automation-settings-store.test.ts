import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import { RiskEventStore } from '../risk/risk-event-store.js';
import { SettingsTable } from '../risk/settings-table.js';
import { AUTOMATION_KEY, AutomationSettingsStore, readStoredAutomation } from './automation-settings-store.js';

const RULE = { enabled: true, minConfidence: 0.6, maxPositionWeight: 0.1 };

describe('AutomationSettingsStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  const clock = new ManualClock(epochMs(1_000));
  const open = (): AutomationSettingsStore => AutomationSettingsStore.open(new SettingsTable(db), new RiskEventStore(db), clock);
  const events = (): ReturnType<RiskEventStore['list']> => new RiskEventStore(db).list(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER));
  const storeRaw = (text: string): void => {
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(AUTOMATION_KEY, text);
  };

  beforeEach(() => {
    tmp = makeTempDir('automation-settings-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('is off with nothing stored, and records nothing', () => {
    expect(open().current).toEqual({});
    expect(events()).toEqual([]);
  });

  it('keeps a policy across a close and reopen of the file', () => {
    const policy = { bySymbol: { ACME: RULE }, byModel: { baseline: { ...RULE, enabled: false } } };
    expect(open().set(policy, 'trader:ana', 'roll out on ACME')).toEqual({ ok: true, value: policy });
    db.close();
    db = openDatabase(tmp.file('desk.db'));
    expect(open().current).toEqual(policy);
  });

  it('audits a change with actor, reason, before and after, in the same transaction as the value', () => {
    const store = open();
    store.set({ byModel: { baseline: RULE } }, 'trader:ana', '');
    clock.advanceTo(epochMs(2_000));
    store.set({}, 'trader:bob', 'switch it off');
    expect(events().map((e) => [e.kind, e.actor, e.reason, e.time, e.detail])).toEqual([
      ['settings-changed', 'trader:ana', 'automation changed', 1_000, { setting: 'automation', before: {}, after: { byModel: { baseline: RULE } } }],
      ['settings-changed', 'trader:bob', 'switch it off', 2_000, { setting: 'automation', before: { byModel: { baseline: RULE } }, after: {} }],
    ]);
    expect(new SettingsTable(db).get(AUTOMATION_KEY)).toEqual({});
  });

  it('refuses an invalid policy or a missing actor whole, changing nothing', () => {
    const store = open();
    store.set({ bySymbol: { ACME: RULE } }, 'trader', 'on');
    const bad = store.set({ bySymbol: { ACME: { ...RULE, minConfidence: 2 } } }, 'trader', 'too high');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/bySymbol\.ACME\.minConfidence/);
    expect(store.set({ bySymbol: {} }, '  ', 'nobody').ok).toBe(false);
    expect(store.set({ bySymbol: {}, extra: 1 }, 'trader', 'typo').ok).toBe(false);
    expect(store.current).toEqual({ bySymbol: { ACME: RULE } });
    expect(new SettingsTable(db).get(AUTOMATION_KEY)).toEqual({ bySymbol: { ACME: RULE } });
    expect(events()).toHaveLength(1);
  });

  it('opens off with a risk event when the stored value fails validation, keeping the value for inspection', () => {
    storeRaw(JSON.stringify({ byModel: { baseline: { enabled: 'yes', minConfidence: 0.5, maxPositionWeight: 0.1 } } }));
    const store = open();
    expect(store.current).toEqual({});
    const [event, ...rest] = events();
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ kind: 'settings-changed', actor: 'system', detail: { setting: 'automation', after: {} } });
    expect(event?.reason).toMatch(/byModel\.baseline\.enabled/);
    expect(readStoredAutomation(new SettingsTable(db)).ok).toBe(false);
  });

  it('opens off with a risk event when the stored text is not JSON at all', () => {
    // The table's CHECK (json_valid) normally prevents this; a file written by another tool may not have it.
    db.pragma('ignore_check_constraints = ON');
    storeRaw('{"bySymbol": {');
    db.pragma('ignore_check_constraints = OFF');
    expect(open().current).toEqual({});
    expect(events().map((e) => [e.actor, e.detail])).toEqual([['system', { setting: 'automation', before: null, after: {} }]]);
    expect(events()[0]?.reason).toMatch(/not JSON/);
  });

  it('can be set again after an invalid stored value, which replaces it', () => {
    storeRaw('[1, 2]');
    const store = open();
    expect(store.set({ byModel: { baseline: RULE } }, 'trader', 'fixed').ok).toBe(true);
    expect(open().current).toEqual({ byModel: { baseline: RULE } });
  });
});
