/** Requests of news and sentiment (issue 9). Names only: the preload imports this without zod. */
export const NEWS_REQUEST_NAMES = ['news.list', 'news.import', 'news.score'] as const;
/** Streams of news and sentiment (issue 9). */
export const NEWS_STREAM_NAMES = ['news'] as const;
