import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../storage/open-database.js';
import { err, ok, type Result } from '../util/result.js';

/** A backtest's own SQLite file: the real journal, ledger and risk log, never shared with another run. */
export interface RunDatabase {
  readonly db: Db;
  readonly file: string;
  /** Closes the database and deletes it unless it is to be kept. */
  close(): void;
}

/**
 * Where a run's own temp files go: RAM-backed /dev/shm when the machine has it (Linux), else the OS temp folder.
 * The journal still commits every order with synchronous=FULL; on tmpfs that sync is free, and a temp backtest
 * file is deleted after the run anyway, so a disk fsync per order would buy nothing but a slower backtest.
 */
export function runTempRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/**
 * Opens `file` (which must not exist: a run never mixes with another's ledger) or a fresh temp file.
 * A temp file (under `runTempRoot()`) is removed at close unless `keep`.
 */
export function openRunDatabase(file: string | undefined, keep: boolean): Result<RunDatabase, string> {
  if (file !== undefined && existsSync(file)) return err(`backtest database ${file} already exists: give a new file, so the run's ledger starts empty`);
  const dir = file === undefined ? mkdtempSync(join(runTempRoot(), 'desk-backtest-')) : undefined;
  const path = file ?? join(dir ?? '', 'backtest.db');
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (cause) {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    return err(`cannot open backtest database ${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  return ok({
    db,
    file: path,
    close: () => {
      db.close();
      if (dir !== undefined && !keep) rmSync(dir, { recursive: true, force: true });
    },
  });
}
