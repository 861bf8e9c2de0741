import { createHash } from 'node:crypto';
import { runBacktest } from '../core/backtest/backtest-runner.js';
import type { BacktestConfig } from '../core/backtest/backtest-types.js';
import { inMemoryBars } from '../core/backtest/in-memory-bars.js';
import { BreakoutPredictor } from '../core/ml/inference/breakout-predictor.js';
import { SHIPPED_BREAKOUT_MODELS } from '../core/ml/inference/shipped-models.js';
import { dailyBars } from '../test/backtest/daily-bars.js';
import { dailySymbols } from '../test/support/daily-csv.js';
import { hasSharedData, sharedDataDir } from '../test/support/shared-data.js';

/**
 * What a speed change to the backtest path must not change, for the two runs `backtest.bench.ts` times: fills,
 * final equity and a sha256 over every fill and equity point, then the loop's bars/s. Run it before and after:
 * `node --import tsx bench/backtest-fingerprint.ts a` (the SMA crossover) or `... b` (the ML pipeline). It says
 * whether the run matches RECORDED (what every speed step of the round that took (b) from 15k to 250k bars/s
 * kept) and exits 1 when it does not; a change meant to alter results records its new fingerprint here.
 */
const RECORDED = { a: '10867 fills, final equity 119686.28681474522, hash c9210fb27daca8a1', b: '4940 fills, final equity 147458.87399777176, hash 797663e1cd3775e7' } as const;
const which = process.argv[2] === 'b' ? 'b' : 'a';
if (!hasSharedData()) {
  console.log(`no shared data at ${sharedDataDir()} (set DESK_SHARED_DATA)`);
  process.exit(1);
}
const symbols = dailySymbols();
const base = { symbols, interval: '1d', bars: inMemoryBars(dailyBars(symbols)), riskLimits: { maxOpenPositions: 100 } } as const;
const config: BacktestConfig = which === 'a'
  ? { ...base, strategy: { kind: 'sma-crossover', fast: 10, slow: 30, quantity: 10 } }
  : {
      ...base, strategy: { kind: 'breakout', predictor: BreakoutPredictor.fromModelsRoot(SHIPPED_BREAKOUT_MODELS, { interval: '1d' }) },
      policy: { kind: 'automation', minConfidence: 0.3, maxPositionWeight: 0.2 },
    };
const t0 = performance.now();
const r = await runBacktest(config);
const total = performance.now() - t0;
if (!r.ok) throw new Error(r.error);
const v = r.value;
const h = createHash('sha256');
for (const f of v.fills) h.update(`${f.clientOrderId}|${f.symbol}|${f.side}|${f.quantity}|${f.price}|${f.commission}|${f.time}\n`);
for (const p of v.equityCurve) h.update(`${p.time}|${p.equity}\n`);
const fingerprint = `${v.fills.length} fills, final equity ${v.equityCurve.at(-1)?.equity}, hash ${h.digest('hex').slice(0, 16)}`;
const same = fingerprint === RECORDED[which];
console.log(
  `${which}: ${fingerprint} (${same ? 'same as recorded' : `DIFFERS from the recorded ${RECORDED[which]}`}); bars ${v.bars}, trades ${v.trades.length}, ` +
    `denials ${v.denials.length} | loop ${v.wallMs.toFixed(0)} ms = ${Math.round((v.bars / v.wallMs) * 1000)} bars/s; end to end ${total.toFixed(0)} ms`,
);
// `--json`: the same figures as one line of JSON, for the bench that runs this script in fresh processes.
if (process.argv.includes('--json')) console.log(JSON.stringify({ which, same, bars: v.bars, loopMs: v.wallMs, totalMs: total }));
if (!same) process.exitCode = 1;
