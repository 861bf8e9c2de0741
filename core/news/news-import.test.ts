import { describe, expect, it } from 'vitest';
import { NEWS_LIMITS, parseNewsFile } from './news-import.js';

const T = '2024-01-02T15:00:00Z';
const MS = Date.parse(T);

describe('parseNewsFile', () => {
  it('reads a CSV with a header, prefixing ids with their source and splitting symbol cells', () => {
    const csv = `id,time,symbols,headline,summary,source,url\n1,${T},acme;BOLT,ACME beats estimates,,,\n2,${MS},ACME|bolt,Second story,Short summary,wire,https://example.com/2\n`;
    const r = parseNewsFile('news.csv', csv);
    expect(r.ok && r.value).toEqual({
      format: 'csv', rows: 2, rejected: [],
      items: [
        { id: 'import:1', time: MS, symbols: ['ACME', 'BOLT'], headline: 'ACME beats estimates', source: 'import' },
        { id: 'wire:2', time: MS, symbols: ['ACME', 'BOLT'], headline: 'Second story', summary: 'Short summary', source: 'wire', url: 'https://example.com/2' },
      ],
    });
  });

  it('lists each bad CSV row with its file line and reason and keeps the good ones', () => {
    const csv = [
      'id,time,symbols,headline',
      `1,${T},ACME,good`,
      `,${T},ACME,no id`,
      `3,2024-01-02 15:00,ACME,no zone`,
      `4,${T},,no symbols`,
      `5,${T},AC ME$,bad ticker`,
      `6,${T},ACME,`,
      `7,1704207600,ACME,seconds not ms`,
      `1,${T},ACME,repeat`,
    ].join('\n');
    const r = parseNewsFile('n.csv', csv);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.items.map((i) => i.id)).toEqual(['import:1']);
    expect(r.value.rows).toBe(8);
    expect(r.value.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(r.value.rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/id is missing/),
      expect.stringMatching(/no time zone/),
      expect.stringMatching(/symbols is empty/),
      expect.stringMatching(/"ME\$" is not a ticker/),
      expect.stringMatching(/headline is missing/),
      expect.stringMatching(/outside 1990..2100/),
      expect.stringMatching(/repeats the story on line 2/),
    ]);
  });

  it('refuses a CSV whose header lacks a required column or names an unknown one, for the whole file', () => {
    expect(parseNewsFile('n.csv', 'id,time,headline\n1,2,3')).toEqual({ ok: false, error: expect.stringMatching(/line 1: the header lacks symbols/) });
    expect(parseNewsFile('n.csv', 'id,time,symbols,headline,mood\n')).toEqual({ ok: false, error: expect.stringMatching(/unknown column mood/) });
  });

  it("reads a JSON array and Alpaca's {news:[...]} page, numbering items from 1", () => {
    const alpaca = JSON.stringify({ news: [{ id: 24918784, headline: 'ACME raises guidance', created_at: T, symbols: ['ACME'], source: 'benzinga', url: 'https://x.test/a' }, 'junk'], next_page_token: null });
    const r = parseNewsFile('page.json', alpaca);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.items).toEqual([{ id: 'benzinga:24918784', time: MS, symbols: ['ACME'], headline: 'ACME raises guidance', source: 'benzinga', url: 'https://x.test/a' }]);
    expect(r.value.rejected).toEqual([{ line: 2, reason: expect.stringMatching(/not an object/) }]);
    const arr = parseNewsFile('x.txt', JSON.stringify([{ id: 'a', time: MS, symbols: 'ACME', headline: 'h', url: 'ftp://x' }]));
    expect(arr.ok && arr.value.rejected[0]?.reason).toMatch(/not an http\(s\) address/);
  });

  it('refuses text that is not JSON, JSON of the wrong shape, and fields over their limits', () => {
    expect(parseNewsFile('a.json', '[{')).toEqual({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(parseNewsFile('a.json', '{"items":[]}')).toEqual({ ok: false, error: expect.stringMatching(/expected a JSON array/) });
    const long = parseNewsFile('a.json', JSON.stringify([{ id: 'x', time: MS, symbols: ['A'], headline: 'h'.repeat(NEWS_LIMITS.headlineChars + 1) }]));
    expect(long.ok && long.value.rejected[0]?.reason).toMatch(/headline is longer than 1000/);
    const badSource = parseNewsFile('a.json', JSON.stringify([{ id: 'x', time: MS, symbols: ['A'], headline: 'h', source: 'a b' }]));
    expect(badSource.ok && badSource.value.rejected[0]?.reason).toMatch(/source "a b" must be a short name/);
  });
});
