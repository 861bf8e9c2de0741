import type { DeskHandlers } from '../contract/desk-api.js';
import { MAX_LISTED_NEWS_REJECTIONS, type NewsImportReport, type NewsItemDto } from '../contract/requests/news-requests.js';
import type { EpochMs } from '../market/units.js';
import { parseNewsFile } from '../news/news-import.js';
import type { NewsItem } from '../news/news-item.js';
import type { LiveNewsSource, RawNews } from '../news/news-source.js';
import { DESK_SCORER_ID, NewsStore, type NewsWriteCounts, type StoredNews } from '../news/news-store.js';
import { scoreNews } from '../news/score-news.js';
import { DEFAULT_SCORER_SETTINGS, scoreHeadline } from '../news/sentiment/lexicon-scorer.js';
import type { Db } from '../storage/open-database.js';
import type { StreamHub } from './stream-hub.js';

type NewsHandlers = Pick<DeskHandlers, 'news.list' | 'news.import' | 'news.score'>;

export interface NewsDeskOptions {
  readonly db: Db;
  readonly hub: StreamHub;
  /** Symbols the desk trades: only their stories reach the features (all stories are stored). */
  readonly symbols: readonly string[];
  /** Where a stored story goes next: the trading desk's features. Called in time order within a batch. */
  readonly toFeatures: (item: NewsItem) => void;
}

const DEFAULT_LIST = 50;
/**
 * How far before the first history bar a restart replays stored stories: a week is 14 half-lives of the
 * features' 12-hour news decay, so an older story would weigh under 0.01 %.
 */
export const NEWS_REPLAY_MS = 7 * 24 * 3_600_000;

/**
 * The desk's news path: every story from any source (the simulator's own scored headlines, Alpaca's news
 * stream, a file import) is scored with the desk lexicon unless the source scored it, stored once per id,
 * streamed as `news`, and handed to the features — the same path for all, so `GET /ml/sentiment/:symbol`
 * answers from real scored news exactly as the model sees it.
 *
 * The features take a symbol's stories in time order (FeatureEngine refuses an older one and counts it), so
 * a batch is sorted before it is handed on; a story older than the newest one the features have already
 * seen is stored and listed but reaches the features only after a restart, when `replayStored` feeds the
 * stored stories in order.
 */
export class NewsDesk {
  readonly store: NewsStore;
  readonly #o: NewsDeskOptions;
  readonly #symbols: ReadonlySet<string>;
  readonly #offs: (() => void)[] = [];

  constructor(o: NewsDeskOptions) {
    this.#o = o;
    this.store = new NewsStore(o.db);
    this.#symbols = new Set(o.symbols);
  }

  /** Stored stories since `from`, oldest first, to the features (a restart's warm-up); returns how many. */
  replayStored(from: EpochMs): number {
    let n = 0;
    for (const item of this.store.since(from)) if (this.#toFeatures(item)) n++;
    return n;
  }

  /** A story its source already scored (the simulator draws the sentiment and writes a headline to match). */
  onScored(item: NewsItem): void {
    const t = DEFAULT_SCORER_SETTINGS.threshold;
    const label = item.sentiment >= t ? 'positive' : item.sentiment <= -t ? 'negative' : 'neutral';
    this.#storeAndForward([{ ...item, label, scorer: item.source }]);
  }

  /** Raw stories from a live source or an import: scored, stored in one transaction, streamed, fed. */
  ingest(raws: readonly RawNews[]): NewsWriteCounts {
    return this.#storeAndForward(raws.map((raw) => {
      const { item, label } = scoreNews(raw);
      return {
        ...item, label, scorer: DESK_SCORER_ID,
        ...(raw.summary === undefined ? {} : { summary: raw.summary }),
        ...(raw.url === undefined ? {} : { url: raw.url }),
      };
    }));
  }

  /** Listens to a live source (Alpaca's news stream) for the desk's symbols and starts it; `close` stops it. */
  attach(source: LiveNewsSource): void {
    this.#offs.push(source.onStory((raw) => this.ingest([raw])));
    source.subscribe([...this.#symbols]);
    source.start();
    this.#offs.push(() => source.stop());
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
  }

  get handlers(): NewsHandlers {
    return {
      'news.list': ({ symbol, limit }) => {
        const s = symbol.toUpperCase();
        return { symbol: s, items: this.store.latest(s, limit ?? DEFAULT_LIST).map(newsDto) };
      },
      'news.import': ({ fileName, text }) => this.#import(fileName, text),
      'news.score': ({ text }) => {
        const r = scoreHeadline(text);
        return { score: r.score, label: r.label, terms: r.terms.map((t) => ({ ...t })) };
      },
    };
  }

  #import(fileName: string, text: string): NewsImportReport {
    const parsed = parseNewsFile(fileName, text);
    if (!parsed.ok) return { ok: false, fileName, message: parsed.error };
    const p = parsed.value;
    let counts: NewsWriteCounts;
    try {
      counts = this.ingest(p.items);
    } catch (e) {
      // One transaction: nothing of the file is stored when the write fails.
      return { ok: false, fileName, message: `${fileName}: nothing stored, the database refused the write (${e instanceof Error ? e.message : String(e)})` };
    }
    return {
      ok: true, fileName, format: p.format, rows: p.rows, stored: counts.stored, duplicates: counts.duplicates,
      rejected: p.rejected.length, rejections: p.rejected.slice(0, MAX_LISTED_NEWS_REJECTIONS).map((r) => ({ line: r.line, reason: r.reason })),
    };
  }

  #storeAndForward(items: readonly StoredNews[]): NewsWriteCounts {
    const { stored, duplicates, added } = this.store.add(items);
    // Only stories stored now go on: a redelivered one was streamed and fed the first time.
    for (const item of [...added].sort((x, y) => x.time - y.time)) {
      this.#o.hub.emit('news', newsDto(item));
      this.#toFeatures(item);
    }
    return { stored, duplicates };
  }

  #toFeatures(item: NewsItem): boolean {
    if (!item.symbols.some((s) => this.#symbols.has(s))) return false;
    this.#o.toFeatures({ ...item, symbols: item.symbols.filter((s) => this.#symbols.has(s)) });
    return true;
  }
}

/** A stored story on the wire. */
export function newsDto(n: StoredNews): NewsItemDto {
  return {
    id: n.id, time: n.time, symbols: [...n.symbols], headline: n.headline, summary: n.summary ?? null, source: n.source,
    url: n.url ?? null, sentiment: n.sentiment, impact: n.impact, label: n.label,
  };
}
