import { describe, expect, it } from 'vitest';
import { toCsv } from './csv-text.js';

describe('toCsv', () => {
  it('quotes fields with commas, quotes or line breaks, leaves nulls empty, and defuses formulas', () => {
    const csv = toCsv({
      columns: ['a', 'b', 'c', 'd'],
      rows: [
        ['x,y', 'say "hi"', null, 1.5],
        ['=SUM(A1)', '-3.2', 'line\nbreak', '@cmd'],
      ],
    });
    expect(csv).toBe('a,b,c,d\r\n"x,y","say ""hi""",,1.5\r\n\'=SUM(A1),-3.2,"line\nbreak",\'@cmd\r\n');
  });
});
