import { parseFrame } from '../core/adapters/alpaca/market-data/parse-frame.js';
import { seededUniform } from '../core/util/seeded-random.js';
import { fmtRate, median } from './stats.js';

/**
 * Parse + zod validation of Alpaca data-stream frames (the adapter's `parseFrame`) vs the reference: a bare
 * `JSON.parse` of the same frames. The mix is what a busy subscription sends: quotes most, then trades, then
 * minute bars, in batches of 20 messages per frame as the server buffers them.
 */
const FRAMES = 5_000;
const PER_FRAME = 20;
const REPEATS = 7;

function frames(): string[] {
  const u = seededUniform(42);
  const t = (i: number): string => new Date(Date.UTC(2024, 2, 4, 14, 30) + i).toISOString().replace('Z', '123456Z');
  const out: string[] = [];
  for (let f = 0; f < FRAMES; f++) {
    const batch: Array<Record<string, unknown>> = [];
    for (let k = 0; k < PER_FRAME; k++) {
      const i = f * PER_FRAME + k;
      const r = u();
      const p = 100 + u() * 10;
      if (r < 0.6) batch.push({ T: 'q', S: 'AAPL', bx: 'V', bp: p, bs: 3, ax: 'Q', ap: p + 0.01, as: 2, t: t(i), c: ['R'], z: 'C' });
      else if (r < 0.95) batch.push({ T: 't', S: 'AAPL', i, x: 'V', p, s: 100, t: t(i), c: ['@'], z: 'C' });
      else batch.push({ T: 'b', S: 'AAPL', o: p, h: p + 1, l: p - 1, c: p + 0.5, v: 1000, n: 10, vw: p, t: t(i) });
    }
    out.push(JSON.stringify(batch));
  }
  return out;
}

function timeIt(fn: () => number): { ms: number; sink: number } {
  const t0 = performance.now();
  const sink = fn();
  return { ms: performance.now() - t0, sink };
}

export function run(): Promise<void> {
  const input = frames();
  const messages = FRAMES * PER_FRAME;
  const bare: number[] = [];
  const adapter: number[] = [];
  let sink = 0;
  for (let r = 0; r < REPEATS; r++) {
    const a = timeIt(() => input.reduce((n, text) => n + (JSON.parse(text) as unknown[]).length, 0));
    const b = timeIt(() => input.reduce((n, text) => n + parseFrame(text).messages.length, 0));
    if (b.sink !== messages) throw new Error(`parseFrame kept ${b.sink} of ${messages} messages: the bench frames are invalid`);
    sink += a.sink;
    bare.push(a.ms);
    adapter.push(b.ms);
  }
  const bareRate = (messages / median(bare)) * 1000;
  const adapterRate = (messages / median(adapter)) * 1000;
  console.log(`alpaca stream parse+validate: ${fmtRate(adapterRate)} messages (${FRAMES} frames × ${PER_FRAME}, median of ${REPEATS})`);
  console.log(`  reference JSON.parse only:    ${fmtRate(bareRate)} messages; adapter/reference = ${(adapterRate / bareRate).toFixed(2)} (sink ${sink})`);
  return Promise.resolve();
}
