import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { epochMs } from '../../market/units.js';
import { BarStore } from '../../storage/bar-store.js';
import { LATEST_SCHEMA_VERSION } from '../../storage/migrations/index.js';
import { DatabaseTooNewError, openDatabase } from '../../storage/open-database.js';
import { DAY0, makeBars } from '../../storage/testing/bar-fixtures.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { formatDbInfo, NoDatabaseError, readDbInfo, registerDbCommand } from './db-command.js';

describe('desk db info', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    tmp = makeTempDir();
    file = tmp.file('desk.db');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.remove();
  });

  function seed(): void {
    const db = openDatabase(file);
    new BarStore(db).upsert([...makeBars(3, 'MSFT'), ...makeBars(5, 'AAPL'), ...makeBars(2, 'AAPL', '1h', 3_600_000)]);
    db.close();
  }

  it('reports path, schema version, WAL mode and bar counts per symbol and interval', () => {
    seed();
    expect(readDbInfo(file)).toEqual({
      file,
      schemaVersion: LATEST_SCHEMA_VERSION,
      supportedVersion: LATEST_SCHEMA_VERSION,
      journalMode: 'wal',
      totalBars: 10,
      series: [
        { symbol: 'AAPL', interval: '1d', count: 5, first: DAY0, last: DAY0 + 4 * 86_400_000 },
        { symbol: 'AAPL', interval: '1h', count: 2, first: DAY0, last: DAY0 + 3_600_000 },
        { symbol: 'MSFT', interval: '1d', count: 3, first: DAY0, last: DAY0 + 2 * 86_400_000 },
      ],
    });
  });

  it('refuses a missing file instead of creating an empty database', () => {
    expect(() => readDbInfo(tmp.file('typo.db'))).toThrow(NoDatabaseError);
    expect(() => readDbInfo(tmp.file('typo.db'))).toThrow(/No desk database at .*typo\.db/);
  });

  it('formats the report as an aligned table with UTC times', () => {
    const text = formatDbInfo({
      file: '/data/desk.db',
      schemaVersion: 2,
      supportedVersion: 2,
      journalMode: 'wal',
      totalBars: 1234,
      series: [
        { symbol: 'AAPL', interval: '1d', count: 1200, first: epochMs(DAY0), last: epochMs(DAY0 + 86_400_000) },
        { symbol: 'BRK.B', interval: '1h', count: 34, first: epochMs(DAY0), last: epochMs(DAY0) },
      ],
    });
    expect(text.split('\n')).toEqual([
      'database  /data/desk.db',
      'schema    version 2 (this build supports up to 2)',
      'journal   wal',
      'bars      1234 in 2 series',
      '',
      'symbol  interval  bars  first                     last',
      'AAPL    1d        1200  2024-01-02T00:00:00.000Z  2024-01-03T00:00:00.000Z',
      'BRK.B   1h          34  2024-01-02T00:00:00.000Z  2024-01-02T00:00:00.000Z',
    ]);
  });

  it('formats an empty database without a table', () => {
    openDatabase(file).close();
    expect(formatDbInfo(readDbInfo(file)).split('\n').at(-1)).toBe('bars      0 in 0 series');
  });

  describe('as a command', () => {
    function cli(): Command {
      const program = new Command('desk').option('--db <file>').exitOverride();
      program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
      registerDbCommand(program);
      return program;
    }

    it('reads the database named by the global --db option', async () => {
      seed();
      const out: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out.push(String(chunk));
        return true;
      });
      await cli().parseAsync(['node', 'desk', '--db', file, 'db', 'info']);
      expect(out.join('')).toBe(`${formatDbInfo(readDbInfo(file))}\n`);
    });

    async function runFailing(args: string[]): Promise<{ exitCode: typeof process.exitCode; stderr: string }> {
      const err: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        err.push(String(chunk));
        return true;
      });
      const before = process.exitCode;
      try {
        await cli().parseAsync(['node', 'desk', ...args]);
        return { exitCode: process.exitCode, stderr: err.join('') };
      } finally {
        process.exitCode = before;
      }
    }

    it('sets exit code 1 and prints the reason for a missing file', async () => {
      const result = await runFailing(['--db', tmp.file('none.db'), 'db', 'info']);
      expect(result).toEqual({ exitCode: 1, stderr: `desk db info: ${new NoDatabaseError(tmp.file('none.db')).message}\n` });
    });

    it('sets exit code 1 and prints the upgrade advice for a database newer than this build', async () => {
      const future = new Database(file);
      future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      future.close();
      const result = await runFailing(['--db', file, 'db', 'info']);
      const refusal = new DatabaseTooNewError(file, LATEST_SCHEMA_VERSION + 1, LATEST_SCHEMA_VERSION);
      expect(result).toEqual({ exitCode: 1, stderr: `desk db info: ${refusal.message}\n` });
    });

    it('sets exit code 1 and prints the reason for a file that is not a database', async () => {
      writeFileSync(file, 'this is not sqlite, just long enough to have a header of sorts............................');
      const result = await runFailing(['--db', file, 'db', 'info']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/^desk db info: Cannot open the desk database at .*file is not a database/);
    });

    it('lets unexpected failures through unchanged', async () => {
      // Claims the current schema but has no tables: a damaged file, not a condition with advice to give.
      const hollow = new Database(file);
      hollow.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
      hollow.close();
      await expect(cli().parseAsync(['node', 'desk', '--db', file, 'db', 'info'])).rejects.toThrow(/no such table/);
    });
  });
});
