import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time/manual-clock.js';
import { createDesk, type Desk } from './create-desk.js';
import { ScriptedFeed, scriptedBar, scriptedDeskFeed } from './scripted-feed.js';

let dir: string;
let desk: Desk;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'import-csv-'));
  desk = await createDesk({ dbFile: path.join(dir, 'desk.db'), clock: new ManualClock(5_000), seed: 1, createFeed: scriptedDeskFeed(new ScriptedFeed([scriptedBar('ACME', 0)]), ['ACME']) });
});

afterEach(async () => {
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` daily rows from 2024-01-01, closes rising by 1 from 100. */
function dailyCsv(count: number): string {
  const rows = ['date,open,high,low,close,volume'];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    rows.push(`${day},${100 + i},${101 + i},${99 + i},${100 + i},1000`);
  }
  return `${rows.join('\n')}\n`;
}

async function storedOf(symbol: string): Promise<number | undefined> {
  const feed = await desk.invoke('feed.get', {});
  if (!feed.ok) throw new Error(feed.error.message);
  return feed.value.stored.find((s) => s.symbol === symbol)?.bars;
}

describe('data.importCsv', () => {
  it('stores a good file under the symbol its name gives', async () => {
    const report = await desk.invoke('data.importCsv', { fileName: 'test_daily.csv', text: dailyCsv(60) });
    expect(report).toEqual({ ok: true, value: { ok: true, fileName: 'test_daily.csv', symbol: 'TEST', interval: '1d', rows: 60, stored: 60, rejected: 0, rejections: [] } });
    expect(await storedOf('TEST')).toBe(60);
    const bars = await desk.invoke('market.bars', { symbol: 'TEST', interval: '1d', limit: 1 });
    expect(bars.ok && bars.value[0]?.close).toBe(159);
  });

  it('rejects a row whose high is below its close with its line and stores the good rows', async () => {
    const lines = dailyCsv(10).split('\n');
    lines[4] = '2024-01-04,103,90,99,103,1000';
    const report = await desk.invoke('data.importCsv', { fileName: 'BAD.csv', text: lines.join('\n') });
    if (!report.ok || !report.value.ok) throw new Error('the file should import');
    expect([report.value.stored, report.value.rejected, report.value.rejections.map((r) => r.line)]).toEqual([9, 1, [5]]);
    expect(report.value.rejections[0]?.reasons.length).toBeGreaterThan(0);
    expect(await storedOf('BAD')).toBe(9);
  });

  it('refuses an INDEX.csv with a clear reason and stores nothing', async () => {
    const text = 'symbol,kind,file,first,last,rows\nAAPL,stock,AAPL.csv,2000-01-03,2020-01-02,5000\n';
    const report = await desk.invoke('data.importCsv', { fileName: 'INDEX.csv', text });
    expect(report.ok && !report.value.ok && report.value.message).toMatch(/index of the daily price files/);
    expect(report.ok && JSON.stringify(report.value)).not.toContain('desk-import-');
    expect(await storedOf('INDEX')).toBeUndefined();
  });

  it('keeps a file name with folders inside its temp folder and refuses a payload that is not a CSV upload', async () => {
    const report = await desk.invoke('data.importCsv', { fileName: '../../evil/XYZ.csv', text: dailyCsv(3) });
    expect(report).toMatchObject({ ok: true, value: { ok: true, symbol: 'XYZ', stored: 3 } });
    expect(await desk.invoke('data.importCsv', { fileName: '', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(await desk.invoke('data.importCsv', { fileName: 'A.csv', text: 'x'.repeat(20_000_001) })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    const count = desk.status().db.barsStored;
    expect(count).toBe(4);
  });
});
