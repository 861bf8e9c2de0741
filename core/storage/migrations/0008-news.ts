import type { Migration } from '../migration.js';

/**
 * Scored news stories. `news` holds one row per story (id unique per source, so a story a reconnecting stream
 * delivers twice is stored once); `news_symbols` indexes it by (symbol, time) for the per-symbol reads the
 * features and `news.list` make. The score is stored with the story so a restart feeds the features exactly
 * what they saw before, even if the lexicon changes later; `scorer` names what produced it.
 */
export const migration0008News: Migration = {
  version: 8,
  name: 'news',
  up(db) {
    db.exec(`
      CREATE TABLE news (
        id        TEXT PRIMARY KEY CHECK (length(id) > 0),
        time      INTEGER NOT NULL CHECK (typeof(time) = 'integer'),
        headline  TEXT NOT NULL CHECK (length(headline) > 0),
        summary   TEXT,
        source    TEXT NOT NULL CHECK (length(source) > 0),
        url       TEXT,
        sentiment REAL NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
        impact    REAL NOT NULL CHECK (impact BETWEEN 0 AND 1),
        label     TEXT NOT NULL CHECK (label IN ('positive', 'negative', 'neutral')),
        scorer    TEXT NOT NULL
      ) STRICT;
      CREATE TABLE news_symbols (
        news_id TEXT NOT NULL REFERENCES news (id) ON DELETE CASCADE,
        symbol  TEXT NOT NULL CHECK (length(symbol) > 0 AND symbol = upper(symbol)),
        time    INTEGER NOT NULL,
        PRIMARY KEY (symbol, time, news_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
