import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sharedDataDir } from './shared-data.js';

export type PhraseLabel = 'positive' | 'negative' | 'neutral';

export interface LabelledSentence {
  readonly sentence: string;
  readonly label: PhraseLabel;
}

/** The Financial PhraseBank agreement levels in the shared data (nested: AllAgree ⊂ 75 ⊂ 66 ⊂ 50). */
export type Agreement = 'AllAgree' | '75Agree' | '66Agree' | '50Agree';

export const phrasebankFile = (level: Agreement): string => resolve(sharedDataDir(), 'sentiment', `financial_phrasebank_${level}.csv`);

/** Why the PhraseBank cannot be read, or undefined when every level is there. */
export function phrasebankMissing(): string | undefined {
  const levels: Agreement[] = ['AllAgree', '75Agree', '66Agree', '50Agree'];
  const absent = levels.filter((l) => !existsSync(phrasebankFile(l)));
  return absent.length === 0 ? undefined : `Financial PhraseBank not found at ${resolve(sharedDataDir(), 'sentiment')} (missing ${absent.join(', ')}; set DESK_SHARED_DATA to the shared data folder)`;
}

/** One agreement level's sentences, as `sentence,label` CSV rows. */
export function readPhrasebank(level: Agreement): LabelledSentence[] {
  const rows: unknown = parse(readFileSync(phrasebankFile(level), 'utf8'), { columns: true, skip_empty_lines: true });
  if (!Array.isArray(rows)) throw new Error(`${phrasebankFile(level)}: not a CSV table`);
  return rows.map((row: unknown, i) => {
    const r = row as Record<string, unknown>;
    const label = r['label'];
    const sentence = r['sentence'];
    if (typeof sentence !== 'string' || (label !== 'positive' && label !== 'negative' && label !== 'neutral')) {
      throw new Error(`${phrasebankFile(level)} line ${i + 2}: expected sentence,label with label positive|negative|neutral`);
    }
    return { sentence, label };
  });
}

/**
 * The evaluation splits. The levels are nested, so the scorer is developed on `dev` = 66Agree minus AllAgree
 * and reported on AllAgree (never looked at while tuning), on 50Agree whole, and on `fresh50` = 50Agree minus
 * 66Agree (the low-agreement sentences that were never in the development split either).
 */
export interface PhrasebankSplits {
  readonly dev: readonly LabelledSentence[];
  readonly allAgree: readonly LabelledSentence[];
  readonly agree50: readonly LabelledSentence[];
  readonly fresh50: readonly LabelledSentence[];
}

// 50Agree was re-saved as UTF-8 and lost its mojibake bytes to U+FFFD, so sentences are matched on their ASCII letters.
const key = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');

export function phrasebankSplits(): PhrasebankSplits {
  const all = readPhrasebank('AllAgree');
  const a66 = readPhrasebank('66Agree');
  const a50 = readPhrasebank('50Agree');
  const inAll = new Set(all.map((s) => key(s.sentence)));
  const in66 = new Set(a66.map((s) => key(s.sentence)));
  return {
    dev: a66.filter((s) => !inAll.has(key(s.sentence))),
    allAgree: all,
    agree50: a50,
    fresh50: a50.filter((s) => !in66.has(key(s.sentence))),
  };
}
