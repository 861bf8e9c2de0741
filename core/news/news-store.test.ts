import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../market/units.js';
import { openDatabase, type Db } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { NewsStore, type StoredNews } from './news-store.js';

const story = (id: string, time: number, extra: Partial<StoredNews> = {}): StoredNews => ({
  id, time: epochMs(time), symbols: ['ACME'], headline: `story ${id}`, sentiment: 0.5, impact: 0.4, source: 'import', label: 'positive', scorer: 'desk-lexicon-1', ...extra,
});

describe('NewsStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-news-store-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('stores a batch whole or not at all', () => {
    const store = new NewsStore(db);
    expect(() => store.add([story('a', 1_000), story('b', 2_000, { sentiment: 2 })])).toThrow(/CHECK/);
    expect(store.count()).toBe(0);
    expect(store.recent('ACME', epochMs(0), epochMs(10_000))).toEqual([]);
  });

  it('keeps one row per id, indexes every symbol, and reads back in time order with optional fields', () => {
    const store = new NewsStore(db);
    expect(store.add([story('a', 2_000, { symbols: ['BOLT', 'ACME'], summary: 'sum', url: 'https://x.test' }), story('b', 1_000)])).toMatchObject({ stored: 2, duplicates: 0 });
    expect(store.add([story('a', 2_000)])).toMatchObject({ stored: 0, duplicates: 1, added: [] });
    expect(store.recent('ACME', epochMs(0), epochMs(5_000)).map((n) => n.id)).toEqual(['b', 'a']);
    expect(store.latest('BOLT', 5)).toEqual([{ ...story('a', 2_000, { symbols: ['ACME', 'BOLT'], summary: 'sum', url: 'https://x.test' }) }]);
    expect(store.since(epochMs(1_500)).map((n) => n.id)).toEqual(['a']);
    expect(store.latest('ACME', 1).map((n) => n.id)).toEqual(['a']);
  });
});
