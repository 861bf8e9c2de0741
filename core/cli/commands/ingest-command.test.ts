import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { formatIngestReport, registerIngestCommand, runIngestCommand } from './ingest-command.js';

const CSV = 'date,open,high,low,close,volume\n2000-01-03,10,11,9,10.5,100\n2000-01-04,10.5,10,9,10.4,100\n2000-01-05,10.5,11,10,10.8,100\n';

describe('desk ingest', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let out: string[];
  let errs: string[];
  const io = () => ({ out: (t: string) => out.push(t), errOut: (t: string) => errs.push(t) });
  beforeEach(() => {
    tmp = makeTempDir('desk-ingest-cli-');
    out = [];
    errs = [];
  });
  afterEach(() => tmp.remove());

  function storedCount(db: string): number {
    const handle = openDatabase(db);
    try {
      return new BarStore(handle).count();
    } finally {
      handle.close();
    }
  }

  it('imports a file into the --db database and exits 0', () => {
    const file = tmp.file('ABC.csv');
    writeFileSync(file, CSV);
    const code = runIngestCommand(file, { db: tmp.file('desk.db') }, io());
    expect(code).toBe(0);
    expect(storedCount(tmp.file('desk.db'))).toBe(2);
    expect(errs).toEqual([]);
  });

  it('exits 1 when nothing could be imported, and for a missing path', () => {
    const file = tmp.file('INDEX.csv');
    writeFileSync(file, 'symbol,kind,file,first,last,rows\n');
    expect(runIngestCommand(file, { db: tmp.file('desk.db') }, io())).toBe(1);
    expect(runIngestCommand(tmp.file('missing.csv'), { db: tmp.file('desk.db') }, io())).toBe(1);
    expect(errs).toHaveLength(1);
  });

  it('exits 2 on an unknown interval without touching the database', () => {
    expect(runIngestCommand(tmp.file('x.csv'), { db: tmp.file('desk.db'), interval: '3m' }, io())).toBe(2);
    expect(errs[0]).toMatch(/unknown interval "3m"/);
  });

  it('exits 1 when the database file cannot be opened', () => {
    writeFileSync(tmp.file('not-a-db.db'), 'this is not SQLite'.repeat(100));
    expect(runIngestCommand(tmp.file('x.csv'), { db: tmp.file('not-a-db.db') }, io())).toBe(1);
    expect(errs).toHaveLength(1);
  });

  it('draws a progress bar on the given stream for large imports', () => {
    const file = tmp.file('ABC.csv');
    writeFileSync(file, CSV);
    let drawn = 0;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        drawn += chunk.length;
        done();
      },
    });
    const code = runIngestCommand(file, { db: tmp.file('desk.db'), symbol: 'XYZ' }, { ...io(), progressStream: stream, progressMinBytes: 1 });
    expect(code).toBe(0);
    expect(drawn).toBeGreaterThan(0);
  });

  it('registers as a subcommand that reads the global --db', async () => {
    const file = tmp.file('ABC.csv');
    writeFileSync(file, CSV);
    const program = new Command('desk').option('--db <file>').exitOverride();
    registerIngestCommand(program);
    const stdout = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'desk', '--db', tmp.file('cli.db'), 'ingest', file]);
    } finally {
      process.stdout.write = stdout;
    }
    expect(process.exitCode).toBe(0);
    expect(storedCount(tmp.file('cli.db'))).toBe(2);
  });
});

describe('formatIngestReport', () => {
  it('prints each file, each rejection as file:line and reason, and a totals line', () => {
    const text = formatIngestReport({
      files: [
        {
          ok: true,
          file: '/data/ABC.csv',
          format: 'daily',
          symbol: 'ABC',
          interval: '1d',
          rows: 3,
          stored: 2,
          written: 2,
          rejected: [{ line: 3, reasons: [{ code: 'high-below-open-close', message: 'high 10 is below max(open 10.5, close 10.4)' }] }],
        },
        { ok: false, file: '/data/INDEX.csv', unreadable: false, line: 1, message: 'an index' },
        { ok: false, file: '/data/gone.csv', unreadable: true, message: 'cannot read the file' },
      ],
      totals: { files: 3, filesFailed: 2, rows: 3, stored: 2, written: 2, rejected: 1 },
    });
    expect(text.split('\n')).toEqual([
      'ABC.csv: ABC 1d (daily), 3 rows, 2 stored (2 new or changed), 1 rejected',
      '  ABC.csv:3: high-below-open-close: high 10 is below max(open 10.5, close 10.4)',
      'INDEX.csv:1: not imported: an index',
      'gone.csv: not imported: cannot read the file',
      'total: 3 files (2 not imported), 3 rows, 2 stored (2 new or changed), 1 rejected',
    ]);
  });
});
