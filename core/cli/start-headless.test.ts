import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError } from '../storage/open-database.js';
import { ManualClock } from '../time/manual-clock.js';
import { expectedStartError, startHeadlessDesk } from './start-headless.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-start-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('startHeadlessDesk', () => {
  it('starts on the simulator with the --db file and describes what runs where', async () => {
    const dbFile = path.join(dir, 'desk.db');
    const { running, lines } = await startHeadlessDesk({
      db: dbFile, port: 0, seed: 9, speed: 10, rendererDir: dir, clock: new ManualClock(Date.UTC(2026, 0, 5)), reason: 'no-electron',
    });
    try {
      expect(running.desk.info).toMatchObject({ dbFile, feedName: 'simulator', seed: 9 });
      expect(lines).toContain(`  Open:   ${running.server.url}`);
      expect(lines.some((l) => l.includes('npm run electron:install'))).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('takes the database from DESK_DB when --db is absent, and says --headless was asked for', async () => {
    const dbFile = path.join(dir, 'env.db');
    const { running, lines } = await startHeadlessDesk({
      port: 0, seed: 1, speed: 1, rendererDir: dir, clock: new ManualClock(), reason: 'asked', env: { DESK_DB: dbFile },
    });
    try {
      expect(running.desk.info.dbFile).toBe(dbFile);
      expect(lines.some((l) => l.includes('npm run electron:install'))).toBe(false);
    } finally {
      await running.close();
    }
  });
});

describe('describeStart', () => {
  it('tells the trader how to rebuild the SQLite driver when Electron is there but cannot load it', async () => {
    const { running, lines } = await startHeadlessDesk({
      db: path.join(dir, 'abi.db'), port: 0, seed: 1, speed: 1, rendererDir: dir, clock: new ManualClock(), reason: 'sqlite-built-for-node',
    });
    try {
      expect(lines.some((l) => l.includes('npm run electron:rebuild'))).toBe(true);
      expect(lines.some((l) => l.includes('npm run electron:install'))).toBe(false);
    } finally {
      await running.close();
    }
  });
});

describe('expectedStartError', () => {
  it('explains conditions a trader can fix in one line', () => {
    expect(expectedStartError(new DatabaseTooNewError('/x/desk.db', 9, 2), 0)).toContain('newer version');
    expect(expectedStartError(Object.assign(new Error('listen'), { code: 'EADDRINUSE' }), 4000)).toContain('Port 4000 is already in use');
    expect(expectedStartError(Object.assign(new Error('listen'), { code: 'EACCES' }), 80)).toContain('port 80');
    expect(expectedStartError(new RangeError('speed must be positive'), 0)).toBe('speed must be positive');
  });

  it('leaves real bugs alone so they keep their stack trace', () => {
    expect(expectedStartError(new TypeError('x is undefined'), 0)).toBeUndefined();
    expect(expectedStartError(null, 0)).toBeUndefined();
  });
});
