import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { classificationReport, type ClassificationReport } from '../core/news/sentiment/classification-metrics.js';
import { scoreHeadline } from '../core/news/sentiment/lexicon-scorer.js';
import { loadLmScorer } from '../test/support/lm-wordlists.js';
import { phrasebankMissing, phrasebankSplits, type LabelledSentence, type PhraseLabel } from '../test/support/phrasebank.js';
import { fmtRate, medianMs } from './stats.js';

/**
 * Headline sentiment on the Financial PhraseBank: macro-F1 and accuracy of the desk's lexicon scorer next to
 * the npm `sentiment` package (AFINN-165) and `vader-sentiment` on the same sentences, plus a scorer over the
 * Loughran-McDonald lists (research-use reference, read at run time, never shipped), and sentences per second.
 *
 * Honesty about tuning: the desk's lexicon and settings were developed on `dev` = 66Agree minus AllAgree only.
 * AllAgree was not looked at while tuning; 50Agree contains the dev sentences, so `50Agree minus 66Agree` is
 * also shown (sentences never used in development). The reference scorers use their packages' documented
 * cut-offs (AFINN: sign of the score; VADER: compound ≥ 0.05 / ≤ −0.05), untuned.
 */

type Labeller = (sentence: string) => PhraseLabel;

const afinn = new Sentiment();
const scorers: readonly { readonly name: string; readonly label: Labeller }[] = [
  { name: 'desk lexicon (ours)', label: (s) => scoreHeadline(s).label },
  { name: 'sentiment (AFINN)', label: (s) => { const x = afinn.analyze(s).score; return x > 0 ? 'positive' : x < 0 ? 'negative' : 'neutral'; } },
  {
    name: 'vader-sentiment',
    label: (s) => { const c = vader.SentimentIntensityAnalyzer.polarity_scores(s).compound; return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral'; },
  },
];

const REPEATS = 5;

function evaluate(label: Labeller, set: readonly LabelledSentence[]): ClassificationReport {
  return classificationReport(set.map((x) => x.label), set.map((x) => label(x.sentence)));
}

function sentencesPerSecond(label: Labeller, set: readonly LabelledSentence[]): number {
  let sink = 0;
  const pass = (): void => {
    for (const x of set) if (label(x.sentence) === 'positive') sink++;
  };
  pass();
  const ms = medianMs(REPEATS, pass);
  if (sink < 0) console.log('(unreachable)');
  return (set.length / ms) * 1000;
}

const pad = (s: string, n: number): string => s.padEnd(n);
const f3 = (x: number): string => x.toFixed(3);

export function run(): Promise<void> {
  const missing = phrasebankMissing();
  if (missing !== undefined) {
    console.log(`sentiment: SKIPPED, ${missing}`);
    return Promise.resolve();
  }
  const splits = phrasebankSplits();
  const lm = loadLmScorer();
  const all = lm === undefined ? scorers : [...scorers, { name: 'Loughran-McDonald lists (ref.)', label: (s: string) => lm.label(s) }];
  const sets: readonly [string, readonly LabelledSentence[]][] = [
    ['AllAgree', splits.allAgree],
    ['50Agree', splits.agree50],
    ['50Agree minus 66Agree', splits.fresh50],
    ['dev (66Agree minus AllAgree; tuned on)', splits.dev],
  ];
  const results = new Map<string, Map<string, ClassificationReport>>();
  for (const [setName, set] of sets) {
    console.log(`${setName}: ${set.length} sentences`);
    console.log(`  ${pad('scorer', 32)} macro-F1  accuracy  F1 pos / neg / neu`);
    for (const s of all) {
      const r = evaluate(s.label, set);
      const bySet = results.get(s.name) ?? new Map<string, ClassificationReport>();
      bySet.set(setName, r);
      results.set(s.name, bySet);
      console.log(`  ${pad(s.name, 32)} ${f3(r.macroF1)}     ${f3(r.accuracy)}     ${f3(r.f1.positive)} / ${f3(r.f1.negative)} / ${f3(r.f1.neutral)}`);
    }
  }
  const ours = results.get('desk lexicon (ours)')?.get('AllAgree')?.macroF1 ?? Number.NaN;
  const best = Math.max(...['sentiment (AFINN)', 'vader-sentiment'].map((n) => results.get(n)?.get('AllAgree')?.macroF1 ?? Number.NaN));
  const margin = ours - best;
  console.log(`goal: AllAgree macro-F1 above AFINN and VADER by >= 0.10 -> margin ${f3(margin)} (${margin >= 0.1 ? 'met' : 'NOT met'})`);

  console.log(`speed on AllAgree (${splits.allAgree.length} sentences), medians of ${REPEATS} runs after one warm-up`);
  const ourRate = sentencesPerSecond(scorers[0]?.label ?? (() => 'neutral'), splits.allAgree);
  for (const s of all) {
    const r = s === scorers[0] ? ourRate : sentencesPerSecond(s.label, splits.allAgree);
    console.log(`  ${pad(s.name, 32)} ${pad(fmtRate(r), 12)} ours/this = ${(ourRate / r).toFixed(2)}x`);
  }
  return Promise.resolve();
}
