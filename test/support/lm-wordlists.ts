import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sharedDataDir } from './shared-data.js';
import type { PhraseLabel } from './phrasebank.js';

/**
 * A reference scorer over the Loughran-McDonald 2014 positive/negative lists, read from the shared data at
 * run time: the lists are for research use only, so the desk compares against them and never ships them.
 * Label = sign(#positive words − #negative words).
 */
export interface WordListScorer {
  label(sentence: string): PhraseLabel;
}

export const lmWordlistFile = (): string => resolve(sharedDataDir(), 'sentiment', 'loughran_mcdonald_2014_wordlists.csv');

/** The scorer, or undefined when the word lists are not in the shared data. */
export function loadLmScorer(): WordListScorer | undefined {
  const file = lmWordlistFile();
  if (!existsSync(file)) return undefined;
  const positive = new Set<string>();
  const negative = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    const [word, category] = line.split(',');
    if (word === undefined) continue;
    if (category === 'positive') positive.add(word);
    else if (category === 'negative') negative.add(word);
  }
  return {
    label(sentence: string): PhraseLabel {
      let score = 0;
      for (const w of sentence.toLowerCase().match(/[a-z]+/g) ?? []) {
        if (positive.has(w)) score++;
        else if (negative.has(w)) score--;
      }
      return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
    },
  };
}
