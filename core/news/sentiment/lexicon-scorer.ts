import { BOTTOM_LINE, CLAUSE_BREAKS, COMPARATORS, LOOKAHEAD_STOPS, INTENSIFIERS, MOVES, NEGATORS, PHRASES, QUANTITIES, WORDS, type Phrase } from './finance-lexicon.js';
import { tokenize, type Token } from './tokenize.js';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

/** One piece of evidence the score was built from, so a trader (or a test) can see why. */
export interface ScoredTerm {
  /** The words that carried the tone, e.g. "profit … rose" or "profit warning". */
  readonly text: string;
  readonly tone: number;
}

/** A headline's sentiment from an investor's point of view. */
export interface HeadlineSentiment {
  /** -1 (very negative) .. +1 (very positive); 0 when nothing in the text carries a tone. */
  readonly score: number;
  readonly label: SentimentLabel;
  readonly terms: readonly ScoredTerm[];
}

/** Knobs of the scorer; the defaults were tuned on the development split only (see bench/sentiment.bench.ts). */
export interface ScorerSettings {
  /** Weight of a move bound to a quantity ("profit rose"), relative to a lexicon word's own tone. */
  readonly moveWeight: number;
  /** Weight of a comparison of two numbers about one quantity ("EUR 12 mn from EUR 10 mn"). */
  readonly comparisonWeight: number;
  /** Extra weight of a move of a bottom-line quantity (profit, earnings, loss) over one of sales or orders. */
  readonly bottomLineWeight: number;
  /** Tone of a move with no quantity in reach ("closed up 0.4 %"), times its direction. */
  readonly unboundMove: number;
  /** What a negated tone is multiplied by: negation weakens as well as flips ("not bad" ≠ "good"). */
  readonly negation: number;
  /** Tokens after a negator that it reaches. */
  readonly negationScope: number;
  /** Tokens a move looks back (subject: "operating profit rose") and ahead ("increase in net sales") for its quantity. */
  readonly lookBack: number;
  readonly lookAhead: number;
  /** |score| at or above which a headline is positive or negative rather than neutral. */
  readonly threshold: number;
  /** Squashing constant: score = sum / sqrt(sum² + alpha). */
  readonly alpha: number;
}

export const DEFAULT_SCORER_SETTINGS: ScorerSettings = {
  moveWeight: 2,
  bottomLineWeight: 1.5,
  unboundMove: 0.5,
  comparisonWeight: 1.5,
  negation: -0.8,
  negationScope: 3,
  lookBack: 6,
  lookAhead: 4,
  threshold: 0.3,
  alpha: 4,
};

/** The label of a score in [-1, 1]: positive or negative at or beyond the threshold, neutral inside it. */
export function sentimentLabel(score: number, settings: Pick<ScorerSettings, 'threshold'> = DEFAULT_SCORER_SETTINGS): SentimentLabel {
  return score >= settings.threshold ? 'positive' : score <= -settings.threshold ? 'negative' : 'neutral';
}

interface Term {
  readonly at: number;
  readonly text: string;
  tone: number;
}

// Particles that make "up"/"down" part of another verb: "set up", "step down", "up to".
const PARTICLE_VERBS = new Set(['set', 'sets', 'setting', 'build', 'built', 'pick', 'picked', 'take', 'took', 'make', 'made', 'sign', 'signed', 'step', 'stepped', 'steps', 'draw', 'drawn', 'drew', 'scale', 'scaled', 'team', 'teamed', 'teams', 'end', 'ended', 'follow', 'followed', 'open', 'opened', 'write', 'written', 'wrote', 'break', 'broke', 'shut', 'turn', 'turned', 'back', 'trade', 'traded']);
const YEAR_MIN = 1950;
const YEAR_MAX = 2040;

const PHRASES_BY_FIRST = ((): ReadonlyMap<string, readonly Phrase[]> => {
  const map = new Map<string, Phrase[]>();
  for (const p of PHRASES) {
    const first = p.words[0] ?? '';
    const list = map.get(first) ?? [];
    list.push(p);
    list.sort((a, b) => b.words.length - a.words.length);
    map.set(first, list);
  }
  return map;
})();

const isBreak = (t: Token): boolean => (t.kind === 'mark' && t.text !== ',' && t.text !== '%' && t.text !== '(' && t.text !== ')') || CLAUSE_BREAKS.has(t.text);
const isYear = (t: Token): boolean => t.value !== undefined && Number.isInteger(t.value) && t.value >= YEAR_MIN && t.value <= YEAR_MAX && !t.text.includes(',');

/**
 * The desk's finance-aware lexicon scorer. Reads a headline the way an investor would:
 * - a move bound to a quantity scores move × quantity ("loss narrowed" is good, "costs rose" bad);
 * - two numbers compared about one quantity score their order ("EPS EUR 0.15 vs EUR 0.10");
 * - tone words and phrases count when no move claims them ("profit warning", "bankruptcy");
 * - negators flip and weaken what follows ("did not improve", "fails to meet");
 * - boosters and dampeners scale the nearest tone ("rose sharply", "slightly lower").
 * Pure and synchronous: about a few microseconds per headline.
 */
export function scoreHeadline(text: string, settings: ScorerSettings = DEFAULT_SCORER_SETTINGS): HeadlineSentiment {
  const tokens = tokenize(text);
  const n = tokens.length;
  const claimed = new Uint8Array(n);
  const terms: Term[] = [];
  const word = (i: number): string => tokens[i]?.text ?? '';

  // Phrases first: their words mean something else together ("profit warning" is not a profit).
  for (let i = 0; i < n; i++) {
    const candidates = PHRASES_BY_FIRST.get(word(i));
    if (candidates === undefined) continue;
    const hit = candidates.find((p) => p.words.every((w, k) => word(i + k) === w));
    if (hit === undefined) continue;
    for (let k = 0; k < hit.words.length; k++) claimed[i + k] = hit.neutralQuantity === true ? 2 : 1;
    if (hit.tone !== 0) terms.push({ at: i, text: hit.words.join(' '), tone: hit.tone });
    i += hit.words.length - 1;
  }

  // Moves bound to what moved.
  const bound = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const dir = MOVES.get(word(i));
    if (dir === undefined || claimed[i] !== 0 || !isMove(tokens, i)) continue;
    const q = findQuantity(tokens, i, settings, claimed);
    if (q === undefined) {
      const tone = WORDS.get(word(i)) ?? dir * settings.unboundMove;
      if (tone !== 0) terms.push({ at: i, text: word(i), tone });
    } else {
      bound[q] = 1;
      // A quantity a neutral phrase claimed ("share capital") moves without a tone.
      const polarity = claimed[q] === 2 ? 0 : QUANTITIES.get(word(q)) ?? 1;
      terms.push({ at: i, text: q < i ? `${word(q)} … ${word(i)}` : `${word(i)} … ${word(q)}`, tone: dir * polarity * settings.moveWeight * (BOTTOM_LINE.has(word(q)) ? settings.bottomLineWeight : 1) });
    }
    claimed[i] = 1;
  }

  // Quantities compared by their numbers, when no move spoke for them.
  const hasBoundMove = bound.some((b) => b === 1);
  if (!hasBoundMove) {
    for (let i = 0; i < n; i++) {
      const polarity = QUANTITIES.get(word(i));
      if (polarity === undefined || claimed[i] !== 0) continue;
      const order = compareNumbers(tokens, i);
      if (order === 0) continue;
      terms.push({ at: i, text: `${word(i)} (numbers)`, tone: order * polarity * settings.comparisonWeight });
      bound[i] = 1;
      break;
    }
  }

  // Words with their own tone, unless a move or phrase already used them.
  for (let i = 0; i < n; i++) {
    if (claimed[i] !== 0 || bound[i] === 1) continue;
    const w = word(i);
    if (NEGATORS.has(w) && word(i + 1) === 'to') continue;
    const tone = WORDS.get(w);
    if (tone !== undefined) terms.push({ at: i, text: w, tone });
  }
  terms.sort((a, b) => a.at - b.at);

  applyNegation(tokens, terms, settings);
  applyIntensity(tokens, terms);

  let sum = 0;
  for (const t of terms) sum += t.tone;
  const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + settings.alpha);
  return { score, label: sentimentLabel(score, settings), terms: terms.map(({ text: t, tone }) => ({ text: t, tone })) };
}

function isMove(tokens: readonly Token[], i: number): boolean {
  const w = tokens[i]?.text;
  // "last fall", "this fall": the season, not a move.
  if (w === 'fall' && ['last', 'this', 'next', 'the'].includes(tokens[i - 1]?.text ?? '')) return false;
  if (w === 'up' || w === 'down') {
    const prev = tokens[i - 1]?.text ?? '';
    if (PARTICLE_VERBS.has(prev)) return false;
    if (w === 'up' && tokens[i + 1]?.text === 'to') return false;
  }
  return true;
}

/** The quantity a move at `i` talks about: the nearest one before it in its clause, else just after it. */
function findQuantity(tokens: readonly Token[], i: number, s: ScorerSettings, claimed: Uint8Array): number | undefined {
  for (let j = i - 1; j >= 0 && j >= i - s.lookBack; j--) {
    const t = tokens[j] as Token;
    if (isBreak(t)) break;
    if (claimed[j] === 2 || (claimed[j] !== 1 && QUANTITIES.has(t.text))) return j;
  }
  for (let j = i + 1; j < tokens.length && j <= i + s.lookAhead; j++) {
    const t = tokens[j] as Token;
    if (isBreak(t) || t.text === ',' || LOOKAHEAD_STOPS.has(t.text)) break;
    if (claimed[j] === 2 || (claimed[j] !== 1 && QUANTITIES.has(t.text))) return j;
  }
  return undefined;
}

/**
 * +1 when the quantity at `i` is reported above what it is compared with ("EUR 12 mn from/versus/compared
 * with EUR 10 mn"), -1 when below, 0 when the clause has no such comparison. "from A to B" reads B against A.
 */
function compareNumbers(tokens: readonly Token[], i: number): -1 | 0 | 1 {
  let first: number | undefined;
  for (let j = i + 1; j < tokens.length && j <= i + 16; j++) {
    const t = tokens[j] as Token;
    if (isBreak(t)) return 0;
    if (t.kind === 'number' && !isYear(t) && first === undefined && tokens[j + 1]?.text !== '%') {
      first = t.value;
      continue;
    }
    if (!COMPARATORS.has(t.text)) continue;
    const second = nextNumber(tokens, j + 1, 6);
    if (second === undefined) return 0;
    if (t.text === 'from' && first === undefined) {
      // "from A to B"
      const toAt = tokens.findIndex((x, k) => k > second.at && k <= second.at + 6 && x.text === 'to');
      const third = toAt < 0 ? undefined : nextNumber(tokens, toAt + 1, 4);
      return third === undefined ? 0 : sign(third.value - second.value);
    }
    return first === undefined ? 0 : sign(first - second.value);
  }
  return 0;
}

function nextNumber(tokens: readonly Token[], from: number, within: number): { readonly at: number; readonly value: number } | undefined {
  for (let j = from; j < tokens.length && j < from + within; j++) {
    const t = tokens[j] as Token;
    if (isBreak(t)) return undefined;
    if (t.kind === 'number' && t.value !== undefined && !isYear(t)) return { at: j, value: t.value };
  }
  return undefined;
}

const sign = (x: number): -1 | 0 | 1 => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** A negator flips (and weakens) every term in the next few tokens of its clause. */
function applyNegation(tokens: readonly Token[], terms: Term[], s: ScorerSettings): void {
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]?.text ?? '';
    if (!NEGATORS.has(w)) continue;
    // "fails"/"failed" negate only as "fails to …"; on their own they are a tone word.
    if ((w === 'fails' || w === 'failed' || w === 'fail' || w === 'unable') && tokens[i + 1]?.text !== 'to') continue;
    let end = i;
    for (let j = i + 1; j < tokens.length && j <= i + s.negationScope + (tokens[i + 1]?.text === 'to' ? 1 : 0); j++) {
      if (isBreak(tokens[j] as Token)) break;
      end = j;
    }
    for (const t of terms) if (t.at > i && t.at <= end) t.tone *= s.negation;
  }
}

/** A booster or dampener scales the nearest term within two tokens either side ("rose sharply", "slightly lower"). */
function applyIntensity(tokens: readonly Token[], terms: Term[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const factor = INTENSIFIERS.get(tokens[i]?.text ?? '');
    if (factor === undefined) continue;
    let best: Term | undefined;
    for (const t of terms) {
      const d = Math.abs(t.at - i);
      if (d <= 2 && (best === undefined || d < Math.abs(best.at - i))) best = t;
    }
    if (best !== undefined) best.tone *= factor;
  }
}
