import { z } from 'zod';
import { canonicalJson } from '../../features/feature-schema.js';
import { decodeFloat64, encodeFloat64 } from '../../storage/float64-blob.js';
import { err, ok, type Result } from '../../util/result.js';
import type { LogisticCalibrator } from './calibrator.js';
import { ARTIFACT_FORMAT, type EnsembleParts } from './ensemble-parts.js';
import type { ArtifactFiles } from './ensemble-types.js';
import type { DenseLayer } from './mlp-forward.js';

const finite = z.number().refine(Number.isFinite, 'must be finite');
const calibratorJson = z.object({ weights: z.array(finite), intercept: finite });
const nnJson = z.object({ format: z.literal(ARTIFACT_FORMAT), layers: z.array(z.object({ inputs: z.number().int().positive(), units: z.number().int().positive() })).min(1) });
const svmJson = z.object({ format: z.literal(ARTIFACT_FORMAT), kind: z.literal('rbf-random-fourier'), dims: z.number().int().positive(), features: z.number().int().positive(), gamma: finite });
const standardizerJson = z.object({ mean: z.array(finite), std: z.array(finite.refine((v) => v > 0, 'must be > 0')) });
const calibratorsJson = z.object({ format: z.literal(ARTIFACT_FORMAT), stack: calibratorJson, nn: calibratorJson, svm: calibratorJson });

const utf8 = new TextEncoder();
const json = (v: unknown): Uint8Array => utf8.encode(`${canonicalJson(v)}\n`);
const cal = (c: LogisticCalibrator): unknown => ({ weights: Array.from(c.weights), intercept: c.intercept });

/** The ensemble as named files; canonical JSON and little-endian float64s, so equal models give equal bytes. */
export function encodeParts(p: EnsembleParts): ArtifactFiles {
  const nn = p.mlp.layers.flatMap((l) => [...l.kernel, ...l.bias]);
  return new Map<string, Uint8Array>([
    ['nn.json', json({ format: ARTIFACT_FORMAT, layers: p.mlp.layers.map((l) => ({ inputs: l.inputs, units: l.units })) })],
    ['weights.bin', encodeFloat64(Float64Array.from(nn))],
    ['svm.json', json({ format: ARTIFACT_FORMAT, kind: 'rbf-random-fourier', dims: p.svm.dims, features: p.svm.features, gamma: p.svm.gamma })],
    ['svm.bin', encodeFloat64(Float64Array.from([...p.svm.omega, ...p.svm.phase, ...p.svm.w]))],
    ['standardizer.json', json({ mean: Array.from(p.standardizer.mean), std: Array.from(p.standardizer.std) })],
    ['calibrator.json', json({ format: ARTIFACT_FORMAT, stack: cal(p.stack), nn: cal(p.nnPlatt), svm: cal(p.svmPlatt) })],
    ['training.json', json(p.training)],
  ]);
}

function readJson<T>(files: ArtifactFiles, name: string, schema: z.ZodType<T>): Result<T, string> {
  const bytes = files.get(name);
  if (!bytes) return err(`missing file ${name}`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return err(`${name} is not valid UTF-8 JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return err(`${name} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  return ok(parsed.data);
}

function readFloats(files: ArtifactFiles, name: string, count: number): Result<Float64Array, string> {
  const bytes = files.get(name);
  if (!bytes) return err(`missing file ${name}`);
  const v = decodeFloat64(bytes, count);
  if (!v) return err(`${name} has ${bytes.byteLength} bytes, its description needs ${count * 8}`);
  const bad = v.findIndex((x) => !Number.isFinite(x));
  return bad >= 0 ? err(`${name} holds a non-finite value at index ${bad}`) : ok(v);
}

const calibrator = (c: z.infer<typeof calibratorJson>): LogisticCalibrator => ({ weights: Float64Array.from(c.weights), intercept: c.intercept });

/** Rebuilds the parts from files, refusing (with the reason) anything missing, malformed or inconsistent. */
export function decodeParts(files: ArtifactFiles): Result<EnsembleParts, string> {
  const nn = readJson(files, 'nn.json', nnJson);
  if (!nn.ok) return nn;
  const svm = readJson(files, 'svm.json', svmJson);
  if (!svm.ok) return svm;
  const std = readJson(files, 'standardizer.json', standardizerJson);
  if (!std.ok) return std;
  const cals = readJson(files, 'calibrator.json', calibratorsJson);
  if (!cals.ok) return cals;
  const training = readJson(files, 'training.json', z.record(z.string(), z.union([z.string(), z.number()])));
  if (!training.ok) return training;
  const layers = nn.value.layers;
  const dims = svm.value.dims;
  if (std.value.mean.length !== dims || std.value.std.length !== dims) return err(`standardizer.json has ${std.value.mean.length} columns, svm.json ${dims}`);
  if (layers[0]?.inputs !== dims) return err(`nn.json's first layer takes ${layers[0]?.inputs} inputs, svm.json ${dims}`);
  for (let i = 1; i < layers.length; i++) if (layers[i]?.inputs !== layers[i - 1]?.units) return err(`nn.json layer ${i} takes ${layers[i]?.inputs} inputs but layer ${i - 1} gives ${layers[i - 1]?.units}`);
  if (layers[layers.length - 1]?.units !== 1) return err('nn.json: the last layer must have one unit (the logit)');
  if (cals.value.stack.weights.length !== 2 || cals.value.nn.weights.length !== 1 || cals.value.svm.weights.length !== 1) return err('calibrator.json: the stack takes 2 scores and each member calibrator 1');
  const nnCount = layers.reduce((s, l) => s + l.inputs * l.units + l.units, 0);
  const w = readFloats(files, 'weights.bin', nnCount);
  if (!w.ok) return w;
  const D = svm.value.features;
  const sv = readFloats(files, 'svm.bin', D * dims + D + D + 1);
  if (!sv.ok) return sv;
  let at = 0;
  const mlpLayers: DenseLayer[] = layers.map((l) => {
    const kernel = Float32Array.from(w.value.subarray(at, at + l.inputs * l.units));
    at += l.inputs * l.units;
    const bias = Float32Array.from(w.value.subarray(at, at + l.units));
    at += l.units;
    return { ...l, kernel, bias };
  });
  return ok({
    standardizer: { mean: Float64Array.from(std.value.mean), std: Float64Array.from(std.value.std) },
    mlp: { layers: mlpLayers },
    svm: { dims, features: D, gamma: svm.value.gamma, omega: sv.value.slice(0, D * dims), phase: sv.value.slice(D * dims, D * dims + D), w: sv.value.slice(D * dims + D) },
    stack: calibrator(cals.value.stack),
    nnPlatt: calibrator(cals.value.nn),
    svmPlatt: calibrator(cals.value.svm),
    training: training.value,
  });
}
