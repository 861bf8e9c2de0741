import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { registerPaperCommand, runPaper } from './paper-command.js';

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

  it('refuses unusable flags with the reason', async () => {
    await expect(runPaper(tmp.file('q.db'), { ...defaults, bars: '0' })).rejects.toThrow(/--bars 0 must be a whole number ≥ 1/);
    await expect(runPaper(tmp.file('q.db'), { ...defaults, interval: '2d' })).rejects.toThrow(/--interval 2d/);
    await expect(runPaper(tmp.file('q.db'), { ...defaults, cash: 'lots' })).rejects.toThrow(/--cash lots/);
  });
});
