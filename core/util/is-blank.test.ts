import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from './is-blank.js';

describe('isBlank', () => {
  it('answers as trim() does for any text, the shortcut on a printable ASCII first character included', () => {
    for (const text of ['', ' ', '\t\n', '\u00a0', '\u2003x', ' AAA', 'AAA', 'ord-1', '~', '\u007f', '\u0000']) {
      expect(isBlank(text)).toBe(text.trim() === '');
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => isBlank(text) === (text.trim() === '')), { numRuns: 2_000 });
  });
});
