import { describe, expect, it } from 'vitest';
import { deskError } from './errors.js';

describe('deskError', () => {
  it('leaves issues out when there are none, so JSON replies stay small', () => {
    expect(deskError('not-found', 'No such route.')).toEqual({ code: 'not-found', message: 'No such route.' });
  });

  it('keeps the issues it is given', () => {
    expect(deskError('invalid-params', 'bad', [{ path: 'symbol', message: 'empty' }]).issues).toHaveLength(1);
  });
});
