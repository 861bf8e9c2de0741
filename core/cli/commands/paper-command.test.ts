import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import type { Bar } from '../../market/bar.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase } from '../../storage/open-database.js';
import { DAY0 } from '../../storage/testing/bar-fixtures.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { paperPredictor, registerPaperCommand, runPaper } from './paper-command.js';

/** Runs `desk …` in-process, capturing what it writes and the exit code it sets. */
async function runCli(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: typeof process.exitCode }> {
  const program = new Command('desk').option('--db <file>').exitOverride();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerPaperCommand(program);
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'desk', ...args]);
    return { stdout: out.join(''), stderr: err.join(''), exitCode: process.exitCode };
  } finally {
    process.exitCode = before;
    vi.restoreAllMocks();
  }
}

/** 150 daily bars ranging 99–101 with a volume-backed breakout every 30 bars. */
function breakoutSeries(symbol: string): Bar[] {
  return Array.from({ length: 150 }, (_, i) => {
    const breakout = i % 30 === 29;
    const close = breakout ? 104 : 100 + Math.sin(i) * 0.8;
    return {
      symbol, interval: '1d', time: epochMs(DAY0 + i * 86_400_000),
      open: price(100), high: price(Math.max(100, close) + 0.5), low: price(Math.min(100, close) - 0.5), close: price(close),
      volume: quantity(breakout ? 5_000 : 1_000 + (i % 7) * 50),
    } satisfies Bar;
  });
}

const defaults = { bars: '120', seed: '3', interval: '1d', cash: '100000', minConfidence: '0.3' };

describe('desk paper', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('desk-paper-cli-');
  });
  afterEach(() => tmp.remove());

  it('prints every fill and the P&L figures of the session', async () => {
    const { text, report } = await runPaper(tmp.file('p.db'), { ...defaults, auto: true });
    const fillLines = text.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));
    expect(fillLines).toHaveLength(report.fills.length);
    expect(report.fills.length).toBeGreaterThan(0);
    const equity = report.summary.equity.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(text).toContain(`end equity ${equity}`);
    expect(text).toMatch(/realised P&L -?[\d,]+\.\d\d, unrealised P&L -?[\d,]+\.\d\d/);
    expect(text).toMatch(/trades \(closing fills\) \d+, win rate (\d+\.\d%|n\/a)/);
  });

  it('runs as a command into the --db file and says where the session is stored', async () => {
    const file = tmp.file('cmd.db');
    const r = await runCli(['--db', file, 'paper', '--bars', '60', '--seed', '3', '--auto']);
    expect(r.stdout).toMatch(/end equity [\d,]+\.\d\d/);
    expect(r.stderr).toContain(`session stored in ${file}`);
    expect(r.exitCode).toBeUndefined();
  });

  it('as a command, prints a usage error and sets exit code 1', async () => {
    const r = await runCli(['--db', tmp.file('bad.db'), 'paper', '--seed', '-1']);
    expect(r).toMatchObject({ stdout: '', exitCode: 1 });
    expect(r.stderr).toBe('desk paper: --seed -1 must be a whole number ≥ 0\n');
  });

  it('replays stored bars of the --db database into a separate session database', async () => {
    const barsFile = tmp.file('bars.db');
    const db = openDatabase(barsFile);
    new BarStore(db).upsert(breakoutSeries('AAA'));
    db.close();
    const r = await runCli(['--db', barsFile, 'paper', '--replay', 'AAA', '--from', '2024-03-01', '--auto']);
    expect(r.exitCode).toBeUndefined();
    expect(r.stdout).toMatch(/signals [1-9]/);
    expect(r.stderr).not.toContain(`session stored in ${barsFile}`);
    const check = openDatabase(barsFile);
    expect(check.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(0);
    check.close();
  });

  it('refuses a replay without symbols or --from, or without a bar database', async () => {
    await expect(runPaper(tmp.file('r.db'), { ...defaults, replay: 'AAA' })).rejects.toThrow(/--replay needs symbols/);
    await expect(runPaper(tmp.file('r.db'), { ...defaults, replay: 'AAA', from: '2024-01-01' }, tmp.file('nothing.db'))).rejects.toThrow(/No desk database/);
  });

  it('serves the installed model by default and the baseline on --model baseline, naming which in its output', async () => {
    const model = await runPaper(tmp.file('m.db'), { ...defaults, bars: '60' });
    expect(model.report.servedBy.kind).toBe('model');
    expect(model.report.modelId).toMatch(/^breakout:v1-/);
    expect(model.text.split('\n')[0]).toContain(model.report.modelId);
    const base = await runPaper(tmp.file('b.db'), { ...defaults, bars: '60', model: 'baseline' });
    expect(base.report.servedBy).toEqual({ kind: 'baseline', reason: '--model baseline asked for the rule-based baseline' });
    expect(base.report.signals).toBe(model.report.signals);
  });

  it('falls back to the baseline, saying why, with no installed model or on a non-daily interval', async () => {
    const none = paperPredictor({ modelsDir: tmp.file('empty') }, '1d');
    expect(none.source).toEqual({ kind: 'baseline', reason: expect.stringMatching(/no model installed/) });
    expect(paperPredictor({}, '1h').source).toEqual({ kind: 'baseline', reason: 'the breakout model serves 1d bars and this session trades 1h bars' });
    expect(() => paperPredictor({ model: 'latest' }, '1d')).toThrow(/--model latest must be current or baseline/);
  });

  it('refuses unusable flags with the reason', async () => {
    await expect(runPaper(tmp.file('q.db'), { ...defaults, bars: '0' })).rejects.toThrow(/--bars 0 must be a whole number ≥ 1/);
    await expect(runPaper(tmp.file('q.db'), { ...defaults, interval: '2d' })).rejects.toThrow(/--interval 2d/);
    await expect(runPaper(tmp.file('q.db'), { ...defaults, cash: 'lots' })).rejects.toThrow(/--cash lots/);
  });
});
