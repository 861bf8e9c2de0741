import path from 'node:path';
import { ingestFile } from '../../../core/ingest/ingest-path.js';
import { BarStore } from '../../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../../core/storage/open-database.js';
import { makeTempDir } from '../../../core/storage/testing/temp-dir.js';
import { sharedDataDir } from '../../support/shared-data.js';

/** Two real SQLite files in a temp dir: the shared daily bars of some symbols, and an empty one for a paper session. */
export interface SharedDailySession {
  /** Holds the ingested daily bars (the session reads them through a BarStore). */
  readonly bars: Db;
  /** Where the paper session writes its orders, fills and proposals. */
  readonly session: Db;
  /** Closes both databases and removes the temp dir. */
  close(): void;
}

/**
 * Ingests `daily/<symbol>.csv` of each symbol from the shared data into a bars database next to an empty session
 * database. Call it only under `describeWithSharedData`, which skips (and says why) when the data is absent.
 */
export function openSharedDailySession(tmpPrefix: string, symbols: readonly string[]): SharedDailySession {
  const tmp = makeTempDir(tmpPrefix);
  const bars = openDatabase(tmp.file('bars.db'));
  let session: Db;
  try {
    const store = new BarStore(bars);
    for (const s of symbols) ingestFile(path.join(sharedDataDir(), 'daily', `${s}.csv`), store);
    session = openDatabase(tmp.file('session.db'));
  } catch (error) {
    // A failed beforeAll leaves no open file or temp dir behind.
    bars.close();
    tmp.remove();
    throw error;
  }
  return {
    bars,
    session,
    close: () => {
      bars.close();
      session.close();
      tmp.remove();
    },
  };
}
