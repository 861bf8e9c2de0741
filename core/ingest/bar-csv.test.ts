import { describe, expect, it } from 'vitest';
import { BarCsvReader, parseBarCsv, type ParsedBarCsv, type RowReasonCode } from './bar-csv.js';

const DAILY = 'date,open,high,low,close,volume';
const DAY = 86_400_000;

function parsed(text: string, file = 'TEST.csv', extra: Partial<Parameters<typeof parseBarCsv>[1]> = {}): ParsedBarCsv {
  const result = parseBarCsv(text, { file, ...extra });
  if (!result.ok) throw new Error(`expected a parse, got: ${result.error.message}`);
  return result.value;
}

function problem(text: string, extra: Partial<Parameters<typeof parseBarCsv>[1]> = {}): { line?: number; message: string } {
  const result = parseBarCsv(text, { file: 'TEST.csv', ...extra });
  if (result.ok) throw new Error('expected the file to be refused');
  return result.error;
}

const rejections = (p: ParsedBarCsv): [number, RowReasonCode[], (string | undefined)[]][] =>
  p.rejected.map((r) => [r.line, r.reasons.map((x) => x.code), r.reasons.map((x) => x.column)]);

describe('parseBarCsv formats', () => {
  it('reads the normalised daily header as 1d bars at 00:00 UTC', () => {
    const p = parsed(`${DAILY}\n2000-01-03,1.5,2,1,1.75,100\n2000-01-04,1.75,2,1.5,1.8,0\n`, 'AAPL.csv');
    expect(p.format).toBe('daily');
    expect(p.symbol).toBe('AAPL');
    expect(p.interval).toBe('1d');
    expect(p.rows).toBe(2);
    expect(p.lines).toEqual([2, 3]);
    expect(p.bars[0]).toEqual({ symbol: 'AAPL', interval: '1d', time: Date.UTC(2000, 0, 3), open: 1.5, high: 2, low: 1, close: 1.75, volume: 100 });
  });

  it('adjusts Yahoo rows by Adj Close / Close and keeps the volume', () => {
    const p = parsed('Date,Open,High,Low,Close,Adj Close,Volume\n1999-01-22,1.75,1.953125,1.552083,1.640625,1.518424,67867200\n', 'NVDA-x.txt');
    const factor = 1.518424 / 1.640625;
    expect(p.format).toBe('yahoo');
    expect(p.symbol).toBe('NVDA');
    const [bar] = p.bars;
    expect(bar?.open).toBeCloseTo(1.75 * factor, 12);
    expect(bar?.high).toBeCloseTo(1.953125 * factor, 12);
    expect(bar?.low).toBeCloseTo(1.552083 * factor, 12);
    expect(bar?.close).toBe(1.518424);
    expect(bar?.volume).toBe(67867200);
  });

  it('leaves a Yahoo row with an unusable close unadjusted so the validator can name it', () => {
    const p = parsed('Date,Open,High,Low,Close,Adj Close,Volume\n1999-01-22,1,1,1,0,1,5\n1999-01-25,1,1,1,1,NaN,5\n');
    expect(p.bars.map((b) => b.close)).toEqual([0, Number.NaN]);
    expect(p.bars[1]?.open).toBe(1);
  });

  it('reads intraday rows and infers the interval from their spacing', () => {
    const p = parsed('datetime,open,high,low,close,volume\n2006-01-02T09:01:00,1,1,1,1,1\n2006-01-02T09:02:00,1,1,1,1,1\n2006-01-02T09:05:00Z,1,1,1,1,1\n2006-01-02T09:06:00Z,1,1,1,1,1\n');
    expect(p.format).toBe('intraday');
    expect(p.interval).toBe('1m');
    expect(p.bars.every((b) => b.interval === '1m')).toBe(true);
    expect(p.bars[0]?.time).toBe(Date.UTC(2006, 0, 2, 9, 1));
  });

  it('takes a given intraday interval over the spacing', () => {
    const p = parsed('datetime,open,high,low,close,volume\n2006-01-02T09:00:00,1,1,1,1,1\n', 'X.csv', { interval: '5m' });
    expect(p.interval).toBe('5m');
    expect(p.bars[0]?.interval).toBe('5m');
  });

  it('matches headers regardless of case and spaces, and takes a --symbol over the file name', () => {
    const p = parsed(' Date , OPEN,high,low,close,Volume\n2000-01-03,1,1,1,1,1\n', 'whatever.csv', { symbol: 'SPY' });
    expect(p.symbol).toBe('SPY');
  });

  it('handles CRLF, a BOM and trailing blank lines', () => {
    const p = parsed(`\uFEFF${DAILY}\r\n2000-01-03,1,1,1,1,1\r\n\r\n\r\n`);
    expect(p.rows).toBe(1);
    expect(p.rejected).toEqual([]);
  });

  it('reads quoted files through csv-parse with the same result', () => {
    const plain = parsed(`${DAILY}\n2000-01-03,1,2,0.5,1.5,10\n`);
    const quoted = parsed(`"date","open","high","low","close","volume"\n"2000-01-03","1","2","0.5","1.5","10"\n`);
    expect(quoted.bars).toEqual(plain.bars);
  });
});

describe('parseBarCsv row rejections', () => {
  it('rejects short and long rows with the line and the expected columns', () => {
    const p = parsed(`${DAILY}\n2000-01-03,1,1,1,1\n2000-01-04,1,1,1,1,1,9\n2000-01-05,1,1,1,1,1\n`);
    expect(rejections(p)).toEqual([
      [2, ['column-count'], [undefined]],
      [3, ['column-count'], [undefined]],
    ]);
    expect(p.rejected[0]?.reasons[0]?.message).toBe('expected 6 cells (date,open,high,low,close,volume) but found 5');
    expect(p.rows).toBe(3);
    expect(p.bars).toHaveLength(1);
  });

  it('rejects non-numeric cells and bad dates naming every column at fault', () => {
    const p = parsed(`${DAILY}\n2000-02-30,1,abc,1,1,\n`);
    expect(rejections(p)).toEqual([[2, ['bad-date', 'not-a-number', 'not-a-number'], ['date', 'high', 'volume']]]);
    expect(p.rejected[0]?.reasons[1]?.message).toBe('high "abc" is not a number');
  });

  it('rejects a bad intraday time, describing the expected form', () => {
    const p = parsed('datetime,open,high,low,close,volume\n2006-01-02,1,1,1,1,1\n', 'X.csv', { interval: '1m' });
    expect(p.rejected[0]?.reasons[0]?.message).toMatch(/ISO 8601 date-time/);
  });

  it('passes NaN and Infinity literals on as values for the validator to refuse', () => {
    const p = parsed(`${DAILY}\n2000-01-03,NaN,1,1,1,1\n2000-01-04,1,Infinity,1,1,1\n`);
    expect(p.rejected).toEqual([]);
    expect(p.bars[0]?.open).toBeNaN();
    expect(p.bars[1]?.high).toBe(Number.POSITIVE_INFINITY);
  });

  it('accepts a date with spaces around it', () => {
    expect(parsed(`${DAILY}\n 2000-01-03 ,1,1,1,1,1\n`).bars[0]?.time).toBe(Date.UTC(2000, 0, 3));
    expect(parsed(`${DAILY}\n2000-01-03,1,1,1,1,1\n2000-01-04,1,1,1,1,1\n`).bars[1]?.time).toBe(Date.UTC(2000, 0, 3) + DAY);
  });
});

describe('parseBarCsv file problems', () => {
  it('refuses an unknown header, listing the accepted ones', () => {
    const p = problem('time,price\n1,2\n');
    expect(p.line).toBe(1);
    expect(p.message).toContain('unrecognised header "time,price"');
    expect(p.message).toContain('date,open,high,low,close,adj close,volume');
    expect(p.message).toContain('datetime,open,high,low,close,volume');
  });

  it('explains that INDEX.csv is an index of the daily files, not prices', () => {
    const p = problem('symbol,kind,file,first,last,rows,adjusted\nAAPL,stock,daily/AAPL.csv,1984-09-07,2017-11-10,8364,yes\n');
    expect(p.message).toMatch(/^this is an index of the daily price files \(columns symbol,kind,file,first,last,rows,adjusted\)/);
    expect(p.message).toContain('holds no prices');
  });

  it('refuses an empty file', () => {
    expect(problem('\n\n').message).toBe('the file is empty: no header line');
  });

  it('refuses a file whose symbol cannot be told from its name', () => {
    expect(parseBarCsv(`${DAILY}\n`, { file: 'my prices.csv' })).toEqual({ ok: false, error: { message: 'cannot tell the symbol from the file name; pass --symbol' } });
  });

  it('refuses an intraday interval for a daily file', () => {
    expect(problem(`${DAILY}\n2000-01-03,1,1,1,1,1\n`, { interval: '5m' }).message).toMatch(/interval is 1d, not 5m/);
  });

  it('refuses an intraday file whose spacing is no supported interval', () => {
    const text = 'datetime,open,high,low,close,volume\n2006-01-02T09:00:00,1,1,1,1,1\n2006-01-02T09:02:00,1,1,1,1,1\n';
    expect(problem(text).message).toMatch(/most common spacing 120 s.*--interval/);
    expect(problem('datetime,open,high,low,close,volume\n').message).toMatch(/fewer than two distinct times/);
  });

  it('refuses a broken quoted CSV with the line csv-parse stopped at', () => {
    const p = problem(`${DAILY}\n"2000-01-03,1,1,1,1,1\n`);
    expect(p.message).toMatch(/^CSV syntax error: /);
    expect(p.line).toBeGreaterThanOrEqual(2);
  });

  it('can be forced onto either parser', () => {
    const text = `${DAILY}\n2000-01-03,1,1,1,1,1\n`;
    expect(parsed(text, 'A.csv', { parser: 'csv-parse' }).bars).toEqual(parsed(text, 'A.csv', { parser: 'fast' }).bars);
  });
});

describe('BarCsvReader', () => {
  const text = `\uFEFF${DAILY}\n2000-01-03,1.5,2,1,1.75,100\n2000-01-04,x,2,1.5,1.8,0\n2000-01-05,1.8,2,1.5,1.9,5\n\n2000-01-06,1.9,2,1.5,1.95,6\n`;

  /** Feeds `pieces` and collects [line, close] of every bar handed out, with the chunk sizes seen. */
  function read(pieces: readonly string[], capacity: number): { bars: [number, number][]; sizes: number[]; summary: unknown } {
    const bars: [number, number][] = [];
    const sizes: number[] = [];
    const reader = new BarCsvReader({ file: 'ABC.csv' }, (chunk) => {
      sizes.push(chunk.length);
      for (let i = 0; i < chunk.length; i++) bars.push([chunk.line[i] as number, chunk.close[i] as number]);
    }, { capacity });
    for (const piece of pieces) reader.feedUnquoted(piece);
    const result = reader.finish();
    return { bars, sizes, summary: result.ok ? { rows: result.value.rows, rejected: result.value.rejected.map((r) => r.line) } : result.error };
  }

  it('gives the same bars and lines fed whole or in pieces of whole lines, in chunks of any size', () => {
    const whole = read([text], 4096);
    const cut = text.indexOf('2000-01-05');
    const pieces = read([text.slice(0, cut), text.slice(cut)], 2);
    expect(whole.bars).toEqual([
      [2, 1.75],
      [4, 1.9],
      [6, 1.95],
    ]);
    expect(pieces.bars).toEqual(whole.bars);
    expect(pieces.summary).toEqual({ rows: 4, rejected: [3] });
    expect(pieces.sizes).toEqual([2, 1]);
  });

  it('continues line numbers across pieces, blank lines included', () => {
    const result = read([`${DAILY}\n\n`, '2000-01-03,1.5,2,1,1.75,100\n', '\n2000-01-04,1.6,2,1,x,100\n'], 4096);
    expect(result.bars).toEqual([[3, 1.75]]);
    expect(result.summary).toEqual({ rows: 2, rejected: [5] });
  });

  it('ignores pieces after the file was refused', () => {
    const result = read(['symbol,kind,file,first,last,rows\n', '2000-01-03,1.5,2,1,1.75,100\n'], 4096);
    expect(result.bars).toEqual([]);
    expect(result.summary).toMatchObject({ line: 1, message: expect.stringMatching(/index of the daily price files/) });
  });
});
