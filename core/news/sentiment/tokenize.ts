/** One token of a headline: lower-cased words, numbers (with their sign and decimals) and clause marks. */
export interface Token {
  readonly text: string;
  readonly kind: 'word' | 'number' | 'mark';
  /** The number's value when `kind` is 'number'. */
  readonly value?: number;
}

// Words keep inner apostrophes and hyphens ("didn't", "year-on-year"); numbers keep thousands separators
// and decimals ("1,234.5"); every other character that ends a clause is a mark.
const TOKEN = /[a-z]+(?:['’-][a-z]+)*|\d+(?:[.,]\d+)*|[.,;:!?()%]/g;

/**
 * Splits a headline into tokens. Numbers in the Financial PhraseBank style ("EUR 1,234.5 mn", "1.2 %")
 * become one number token so a comparison like "EUR 12 mn from EUR 10 mn" can read them.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // Wire text often splits decimals as "EUR0 .07" or "EUR422 ,754": glue them back before reading numbers.
  const glued = text.toLowerCase().replace(/(\d) ([.,])(\d)/g, '$1$2$3');
  for (const m of glued.matchAll(TOKEN)) {
    const raw = m[0];
    if (/^\d/.test(raw)) {
      // "1,234.5" and "1.234,5" both occur; a comma followed by exactly three digits is a thousands mark.
      const normal = raw.replace(/,(?=\d{3}(?:\D|$))/g, '').replace(',', '.');
      out.push({ text: raw, kind: 'number', value: Number.parseFloat(normal) });
    } else if (/^[a-z]/.test(raw)) {
      out.push({ text: raw.replace('’', "'"), kind: 'word' });
    } else {
      out.push({ text: raw, kind: 'mark' });
    }
  }
  return out;
}
