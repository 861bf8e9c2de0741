import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { NoDatabaseError } from './db-command.js';
import { registerExportCommand, runExport } from './export-command.js';

async function runCli(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: typeof process.exitCode }> {
  const program = new Command('desk').option('--db <file>').exitOverride();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerExportCommand(program);
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
import { FeaturesUsageError } from './features-command.js';

const DAY = Date.parse('2024-03-05T00:00:00Z');

describe('desk export', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    tmp = makeTempDir('desk-export-cli-');
    file = tmp.file('desk.db');
    const db = openDatabase(file);
    db.prepare(`INSERT INTO risk_events (time, kind, rule_id, reason) VALUES (?, 'order-denied', 'max-order-notional', 'order of 60,000 is above the 50,000 limit')`).run(DAY + 3_600_000);
    db.prepare(`INSERT INTO risk_events (time, kind, reason) VALUES (?, 'kill-switch-on', 'daily loss limit')`).run(DAY + 2 * 86_400_000);
    db.close();
  });
  afterEach(() => tmp.remove());

  it('writes one CSV per section for the days asked, the --to day included whole', () => {
    const out = tmp.file('out');
    const r = runExport(file, { from: '2024-03-05', to: '2024-03-05', format: 'csv', out });
    expect(r.files.map((f) => f.slice(out.length + 1))).toEqual(['audit.csv', 'proposals.csv', 'orders.csv', 'orderEvents.csv', 'fills.csv', 'riskEvents.csv', 'settings.csv']);
    const risk = readFileSync(`${out}/riskEvents.csv`, 'utf8').trim().split('\r\n');
    expect(risk).toHaveLength(2);
    expect(risk[1]).toContain('"order of 60,000 is above the 50,000 limit"');
  });

  it('writes JSON to a file or to stdout', () => {
    const out = tmp.file('json');
    const r = runExport(file, { from: '2024-03-01', to: '2024-03-31', format: 'json', out });
    const json = JSON.parse(readFileSync(r.files[0] ?? '', 'utf8')) as { riskEvents: unknown[] };
    expect(json.riskEvents).toHaveLength(2);
    expect(runExport(file, { from: '2024-03-01', to: '2024-03-31', format: 'json' }).text).toContain('"kill-switch-on"');
    expect(runExport(file, { from: '2024-03-01', to: '2024-03-31', format: 'csv' }).text?.startsWith('proposal_id,')).toBe(true);
  });

  it('as a command: prints JSON, writes files with --out, and reports a missing database with exit code 1', async () => {
    const json = await runCli(['--db', file, 'export', '--from', '2024-03-05', '--to', '2024-03-07', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { riskEvents: unknown[] }).riskEvents).toHaveLength(2);
    const out = tmp.file('cmd-out');
    const files = await runCli(['--db', file, 'export', '--from', '2024-03-05', '--to', '2024-03-07', '--out', out]);
    expect(files.stderr).toContain(`wrote ${out}/audit.csv`);
    const missing = await runCli(['--db', tmp.file('none.db'), 'export', '--from', '2024-03-05', '--to', '2024-03-07']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^desk export: No desk database at /);
  });

  it('refuses unusable flags and a missing database with the reason', () => {
    expect(() => runExport(file, { from: '2024-03-01', to: '2024-03-31', format: 'xml' })).toThrow(FeaturesUsageError);
    expect(() => runExport(file, { to: '2024-03-31', format: 'csv' })).toThrow(/--from and --to are required/);
    expect(() => runExport(file, { from: '2024-03-05', to: '2024-03-01', format: 'csv' })).toThrow(/before --from/);
    expect(() => runExport(file, { from: 'soon', to: '2024-03-01', format: 'csv' })).toThrow(/not a date/);
    expect(() => runExport(tmp.file('none.db'), { from: '2024-03-01', to: '2024-03-31', format: 'csv' })).toThrow(NoDatabaseError);
  });
});
