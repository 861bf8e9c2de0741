import type { NewsItem } from './news-item.js';
import type { RawNews } from './news-source.js';
import { headlineImpact } from './news-impact.js';
import { scoreHeadline, sentimentLabel, type HeadlineSentiment, type SentimentLabel } from './sentiment/lexicon-scorer.js';

/** Weight of the summary's score next to the headline's: the headline is what the story is about. */
const SUMMARY_WEIGHT = 0.5;

/** A scored story: the feature engine's NewsItem plus the label and the terms it was scored from. */
export interface ScoredNews {
  readonly item: NewsItem;
  readonly headline: HeadlineSentiment;
  /** The label of the combined sentiment, by the scorer's threshold. */
  readonly label: SentimentLabel;
}

/**
 * Scores a raw story with the desk's lexicon: the headline's score, moved towards the summary's when the
 * headline itself is neutral or the two agree (a summary never overrules a clear headline), and an impact.
 */
export function scoreNews(raw: RawNews): ScoredNews {
  const head = scoreHeadline(raw.headline);
  let sentiment = head.score;
  if (raw.summary !== undefined && raw.summary.trim() !== '') {
    const sum = scoreHeadline(raw.summary);
    if (head.label === 'neutral' || head.label === sum.label) {
      sentiment = (head.score + SUMMARY_WEIGHT * sum.score) / (1 + SUMMARY_WEIGHT);
    }
  }
  sentiment = Math.max(-1, Math.min(1, sentiment));
  const label = sentimentLabel(sentiment);
  const item: NewsItem = {
    id: raw.id,
    time: raw.time,
    symbols: raw.symbols,
    headline: raw.headline,
    sentiment,
    impact: headlineImpact(`${raw.headline} ${raw.summary ?? ''}`, sentiment, raw.symbols.length),
    source: raw.source,
  };
  return { item, headline: head, label };
}
