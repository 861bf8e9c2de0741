import path from 'node:path';
import { BreakoutPredictor } from '../core/ml/inference/breakout-predictor.js';
import { currentModelDir, loadModel } from '../core/ml/inference/model-source.js';
import { INPUT_COUNT, writeBreakoutInputs } from '../core/ml/inputs/breakout-inputs.js';
import { detectBreakout } from '../core/ml/labels/breakout-event.js';
import { DEFAULT_LABEL_SPEC } from '../core/ml/labels/label-spec.js';
import { decodeParts } from '../core/ml/models/artifact-codec.js';
import { loadEnsemble } from '../core/ml/models/ensemble-types.js';
import { standardize } from '../core/ml/models/standardizer.js';
import { tfRuntime } from '../core/ml/models/tf-backend.js';
import { verifyArtifact } from '../core/ml/artifact/verify-artifact.js';
import { FEATURE_SCHEMA_HASH } from '../core/features/feature-schema.js';
import { BREAKOUT_INPUTS_HASH } from '../core/ml/inputs/breakout-inputs.js';
import { breakoutEvents, type BreakoutEvent } from './breakout-events.js';
import { fmtRate, latency, median, us } from './stats.js';

/**
 * Breakout inference with the shipped model (models/breakout/current.json): one prediction with the features
 * already current (event rule → input row → standardize → NN + SVM → stacking calibrator → the ticket's
 * fields), p50/p99 over many calls, and batch throughput; next to TensorFlow.js `model.predict` of the SAME
 * network (its exported weights loaded into a tfjs Sequential) for one row and for a batch, in the same run.
 * Goals: p99 ≤ 100 µs, batch ≥ 100,000 predictions/s.
 */

const REPEATS = 5;
const CALLS = 20_000;

export async function run(): Promise<void> {
  const root = path.resolve('models/breakout');
  const dir = currentModelDir(root);
  if (!dir.ok) {
    console.log(`skipped: ${dir.error}`);
    return;
  }
  const predictor = BreakoutPredictor.fromDir(dir.value);
  const model = loadModel(dir.value, DEFAULT_LABEL_SPEC, loadEnsemble);
  const verified = verifyArtifact(dir.value, { featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH });
  if (predictor.source.kind !== 'model' || !model.ok || !verified.ok) {
    console.log(`skipped: the shipped model did not load (${predictor.source.kind === 'baseline' ? predictor.source.reason : 'unknown'})`);
    return;
  }
  const parts = decodeParts(verified.value.files);
  if (!parts.ok) throw new Error(parts.error);
  const ev = breakoutEvents(2000, 200);
  const n = ev.length;
  const rows = new Float64Array(n * INPUT_COUNT);
  ev.forEach((e, i) => writeBreakoutInputs(e.features, e.close, e.atr, detectBreakout(e.close, e.features, e.atr, DEFAULT_LABEL_SPEC)?.direction ?? 'up', rows, i));

  // Ours: one full prediction per call.
  let sink = 0;
  const oursRuns = Array.from({ length: REPEATS }, () => latency(CALLS, (i) => {
    const e = ev[i % n] as BreakoutEvent;
    sink += predictor.predictEvent(e.features, e.close, e.atr)?.probability ?? 0;
  }));
  const batchRate = median(Array.from({ length: REPEATS }, () => {
    const t0 = performance.now();
    const p = model.value.ensemble.predictProba(rows, n);
    sink += p[0] ?? 0;
    return n / ((performance.now() - t0) / 1000);
  }));
  const fullRate = median(Array.from({ length: REPEATS }, () => {
    const t0 = performance.now();
    for (const e of ev) sink += predictor.predictEvent(e.features, e.close, e.atr)?.probability ?? 0;
    return n / ((performance.now() - t0) / 1000);
  }));

  // Reference: the same network in TensorFlow.js (NN member only: less work than the full ensemble).
  const rt = await tfRuntime();
  const { tf } = rt;
  const net = tf.sequential();
  const layers = parts.value.mlp.layers;
  layers.forEach((l, i) => {
    net.add(tf.layers.dense({ units: l.units, ...(i === 0 ? { inputShape: [l.inputs] } : {}), activation: i === layers.length - 1 ? 'linear' : 'relu' }));
  });
  net.layers.forEach((layer, i) => {
    const l = layers[i];
    if (l !== undefined) layer.setWeights([tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)]);
  });
  const z = Float32Array.from(standardize(parts.value.standardizer, rows, n));
  const tfRuns = Array.from({ length: REPEATS }, () => latency(CALLS / 4, (i) => {
    const r = i % n;
    const y = tf.tidy(() => net.predict(tf.tensor2d(z.subarray(r * INPUT_COUNT, (r + 1) * INPUT_COUNT), [1, INPUT_COUNT])) as ReturnType<typeof tf.tensor>);
    sink += y.dataSync()[0] ?? 0;
    y.dispose();
  }));
  const tfBatch = median(Array.from({ length: REPEATS }, () => {
    const t0 = performance.now();
    const y = tf.tidy(() => net.predict(tf.tensor2d(z, [n, INPUT_COUNT])) as ReturnType<typeof tf.tensor>);
    sink += y.dataSync()[0] ?? 0;
    y.dispose();
    return n / ((performance.now() - t0) / 1000);
  }));
  net.dispose();
  if (Number.isNaN(sink)) console.log('(no value)');

  const o = { p50: median(oursRuns.map((r) => r.p50)), p99: median(oursRuns.map((r) => r.p99)) };
  const t = { p50: median(tfRuns.map((r) => r.p50)), p99: median(tfRuns.map((r) => r.p99)) };
  console.log(`model ${predictor.source.version}, ${n} breakout events, tfjs backend ${rt.backend}; medians of ${REPEATS} runs`);
  console.log(`one prediction  ours (full ensemble + BreakoutPrediction): p50 ${us(o.p50)}  p99 ${us(o.p99)}   goal p99 <= 100 µs: ${o.p99 <= 100 ? 'met' : 'NOT met'}`);
  console.log(`                tfjs model.predict (NN only, 1 row):        p50 ${us(t.p50)}  p99 ${us(t.p99)}   ours/tfjs p50 ${(o.p50 / t.p50).toFixed(3)}x`);
  console.log(`batch           ours predictProba (${n} rows):  ${fmtRate(batchRate)}   goal >= 100,000/s: ${batchRate >= 100_000 ? 'met' : 'NOT met'}`);
  console.log(`                ours predictEvent loop (full predictions): ${fmtRate(fullRate)}`);
  console.log(`                tfjs model.predict (NN only, ${n} rows): ${fmtRate(tfBatch)}   ours/tfjs ${(batchRate / tfBatch).toFixed(2)}x`);
}
