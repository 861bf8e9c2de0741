import type { Db } from '../storage/open-database.js';
import { epochMs, type EpochMs } from '../market/units.js';
import type { NewsItem } from './news-item.js';
import type { SentimentLabel } from './sentiment/lexicon-scorer.js';

/** Names the scorer version stored with each story, so scores from a later lexicon can be told apart. */
export const DESK_SCORER_ID = 'desk-lexicon-1';

/** A story as the desk keeps it: the features' NewsItem plus what a reader needs. */
export interface StoredNews extends NewsItem {
  readonly label: SentimentLabel;
  readonly summary?: string;
  readonly url?: string;
  readonly scorer: string;
}

export interface NewsWriteCounts {
  /** Stories newly stored. */
  readonly stored: number;
  /** Stories whose id was already stored (a redelivery): left as they were. */
  readonly duplicates: number;
}

/** What `add` did, with the stories it stored, in the order given. */
export interface NewsWriteResult extends NewsWriteCounts {
  readonly added: readonly StoredNews[];
}

interface NewsRow {
  readonly id: string;
  readonly time: number;
  readonly headline: string;
  readonly summary: string | null;
  readonly source: string;
  readonly url: string | null;
  readonly sentiment: number;
  readonly impact: number;
  readonly label: SentimentLabel;
  readonly scorer: string;
  readonly symbols: string | null;
}

const SELECT = `
  SELECT n.id, n.time, n.headline, n.summary, n.source, n.url, n.sentiment, n.impact, n.label, n.scorer,
         (SELECT group_concat(symbol, ',') FROM news_symbols WHERE news_id = n.id) AS symbols
  FROM news n`;

/** Scored news in SQLite (migration 0008). Every write is one transaction: a batch is stored whole or not at all. */
export class NewsStore {
  readonly #db: Db;
  readonly #insert;
  readonly #insertSymbol;
  readonly #recent;
  readonly #latest;
  readonly #since;
  readonly #count;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare<[string, number, string, string | null, string, string | null, number, number, string, string]>(
      'INSERT INTO news (id, time, headline, summary, source, url, sentiment, impact, label, scorer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.#insertSymbol = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO news_symbols (news_id, symbol, time) VALUES (?, ?, ?)');
    this.#recent = db.prepare<[string, number, number], NewsRow>(
      `${SELECT} WHERE n.id IN (SELECT news_id FROM news_symbols WHERE symbol = ? AND time BETWEEN ? AND ?) ORDER BY n.time, n.id`,
    );
    this.#latest = db.prepare<[string, number], NewsRow>(
      `${SELECT} WHERE n.id IN (SELECT news_id FROM news_symbols WHERE symbol = ? ORDER BY time DESC LIMIT ?) ORDER BY n.time DESC, n.id DESC`,
    );
    this.#since = db.prepare<[number], NewsRow>(`${SELECT} WHERE n.time >= ? ORDER BY n.time, n.id`);
    this.#count = db.prepare<[], { readonly n: number }>('SELECT count(*) AS n FROM news');
  }

  /** Stores stories not stored yet, all in one transaction; a story with a known id is a duplicate, not an error. */
  add(items: readonly StoredNews[]): NewsWriteResult {
    const added: StoredNews[] = [];
    this.#db.transaction(() => {
      for (const it of items) {
        const r = this.#insert.run(it.id, it.time, it.headline, it.summary ?? null, it.source, it.url ?? null, it.sentiment, it.impact, it.label, it.scorer);
        if (r.changes === 0) continue;
        added.push(it);
        for (const s of new Set(it.symbols)) this.#insertSymbol.run(it.id, s, it.time);
      }
    })();
    return { stored: added.length, duplicates: items.length - added.length, added };
  }

  /** Stories about `symbol` with `from <= time <= to`, oldest first. */
  recent(symbol: string, from: EpochMs, to: EpochMs): StoredNews[] {
    return this.#recent.all(symbol, from, to).map(fromRow);
  }

  /** The newest `limit` stories about `symbol`, newest first. */
  latest(symbol: string, limit: number): StoredNews[] {
    return this.#latest.all(symbol, limit).map(fromRow);
  }

  /** Every story with time >= `from`, oldest first (the desk's warm-up). */
  since(from: EpochMs): StoredNews[] {
    return this.#since.all(from).map(fromRow);
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }
}

function fromRow(r: NewsRow): StoredNews {
  return {
    id: r.id,
    time: epochMs(r.time),
    symbols: r.symbols === null || r.symbols === '' ? [] : r.symbols.split(',').sort(),
    headline: r.headline,
    sentiment: r.sentiment,
    impact: r.impact,
    source: r.source,
    label: r.label,
    scorer: r.scorer,
    ...(r.summary === null ? {} : { summary: r.summary }),
    ...(r.url === null ? {} : { url: r.url }),
  };
}
