import { describe, expect, it } from 'vitest';
import { parseFrame } from './parse-frame.js';
import { formatRfc3339, parseRfc3339 } from '../rfc3339.js';

describe('parseFrame', () => {
  it('validates each element on its own and reads every documented message type', () => {
    const frame = parseFrame(JSON.stringify([
      { T: 't', S: 'AAPL', i: 96921, x: 'D', p: 126.55, s: 1, t: '2021-02-22T15:51:44.208Z', c: ['@', 'I'], z: 'C' },
      { T: 'q', S: 'AMD', bx: 'U', bp: 87.66, bs: 1, ax: 'Q', ap: 87.68, as: 4, t: '2021-02-22T15:51:45.335689322Z', c: ['R'], z: 'C' },
      { T: 'b', S: 'SPY', o: 388.985, h: 389.13, l: 388.975, c: 389.12, v: 49378, n: 461, vw: 389.062639, t: '2021-02-22T19:15:00Z' },
      { T: 'c', S: 'EEM', x: 'M', oi: 52983525033527, op: 39.1582, os: 440000, oc: [' ', '7'], ci: 52983525034326, cp: 39.1809, cs: 440000, cc: [' ', '7'], z: 'B', t: '2023-04-06T14:25:06.542305024Z' },
      { T: 'x', S: 'GOOGL', i: 465, x: 'D', p: 105.31, s: 300, a: 'C', z: 'C', t: '2023-04-06T13:15:42.83540958Z' },
      { T: 'l', S: 'IONM', u: 3.24, d: 2.65, i: 'B', t: '2023-04-06T13:34:45.565004401Z', z: 'C' },
      { T: 's', S: 'AAPL', sc: 'H', sm: 'Trading Halt', rc: 'T12', rm: 'Halted', t: '2021-02-22T19:15:00Z', z: 'C' },
      { T: 'i', S: 'INAQU', p: 9.12, z: 'C', t: '2024-12-13T19:58:09.242138635Z' },
      { T: 'b', S: 'SPY', o: 1, h: 0.5, l: 0.4, c: 1, v: 1, t: '2021-02-22T19:15:00Z' },
      { T: 'new-thing' },
      42,
    ]));
    expect(frame.messages.map((m) => m.T)).toEqual(['t', 'q', 'b', 'c', 'x', 'l', 's', 'i']);
    expect(frame.unknown).toBe(1);
    expect(frame.problems.map((p) => p.index)).toEqual([8, 10]);
    expect(frame.problems[0]?.reason).toContain('SPY');
    const quote = frame.messages[1];
    expect(quote?.T === 'q' ? quote.t : 0).toBe(Date.UTC(2021, 1, 22, 15, 51, 45, 335));
  });

  it('reports a frame that is not JSON or not an array, and a bad time', () => {
    expect(parseFrame('{oops').problems[0]?.index).toBe(-1);
    expect(parseFrame('{"T":"b"}').problems[0]?.reason).toContain('not a JSON array');
    const bad = parseFrame('[{"T":"t","S":"A","i":1,"x":"D","p":1,"s":1,"t":"yesterday"}]');
    expect(bad.problems[0]?.reason).toContain('"t"');
  });
});

describe('RFC 3339 times', () => {
  it('reads offsets, fractions up to nanoseconds, and refuses what is not RFC 3339', () => {
    expect(parseRfc3339('2022-04-11T04:00:00-04:00')).toBe(Date.UTC(2022, 3, 11, 8));
    expect(parseRfc3339('2022-04-11T08:00:00.5Z')).toBe(Date.UTC(2022, 3, 11, 8, 0, 0, 500));
    expect(parseRfc3339('2022-04-11T08:00:00.123456789+00:00')).toBe(Date.UTC(2022, 3, 11, 8, 0, 0, 123));
    expect(parseRfc3339('2022-13-11T08:00:00Z')).toBeNaN();
    expect(parseRfc3339('April 11 2022')).toBeNaN();
    expect(formatRfc3339(Date.UTC(2022, 3, 11, 8))).toBe('2022-04-11T08:00:00.000Z');
  });
});
