import type * as tfTypes from '@tensorflow/tfjs';
import type { DenseLayer } from '../../models/mlp-forward.js';
import type { TfRuntime } from '../../models/tf-backend.js';
import type { QNetWeights } from './q-forward.js';

/** ReLU hidden layers and a linear output per action, Glorot-initialised from `seed` (one sub-seed per layer). */
export function buildQNetwork(t: TfRuntime, inputs: number, hidden: readonly number[], actions: number, seed: number): tfTypes.Sequential {
  const { tf } = t;
  const model = tf.sequential();
  [...hidden, actions].forEach((units, i) => {
    model.add(tf.layers.dense({
      units,
      ...(i === 0 ? { inputShape: [inputs] } : {}),
      activation: i === hidden.length ? 'linear' : 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      biasInitializer: 'zeros',
    }));
  });
  return model;
}

/** The layers' float32 weights in the typed-array form the serving forward pass reads. */
export function exportQNetwork(model: tfTypes.LayersModel): QNetWeights {
  const layers: DenseLayer[] = model.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    if (kernel === undefined || bias === undefined) throw new Error(`layer ${layer.name} has no kernel/bias`);
    const [inputs = 0, units = 0] = kernel.shape;
    return { inputs, units, kernel: Float32Array.from(kernel.dataSync()), bias: Float32Array.from(bias.dataSync()) };
  });
  return { layers };
}

/** Layer shapes as stored in `network.json`; the floats go to `weights.bin` in the same order. */
export interface QNetShape {
  readonly layers: readonly { readonly inputs: number; readonly units: number }[];
}

/** Concatenates kernel then bias of each layer as little-endian float32: the bytes the artifact hashes. */
export function encodeQWeights(net: QNetWeights): { shape: QNetShape; bytes: Uint8Array } {
  const total = net.layers.reduce((s, l) => s + l.kernel.length + l.bias.length, 0);
  const floats = new Float32Array(total);
  let o = 0;
  for (const l of net.layers) {
    floats.set(l.kernel, o);
    o += l.kernel.length;
    floats.set(l.bias, o);
    o += l.bias.length;
  }
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  floats.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { shape: { layers: net.layers.map((l) => ({ inputs: l.inputs, units: l.units })) }, bytes };
}

/** The inverse of {@link encodeQWeights}. @returns undefined when the byte count does not fit the shape. */
export function decodeQWeights(shape: QNetShape, bytes: Uint8Array): QNetWeights | undefined {
  const total = shape.layers.reduce((s, l) => s + l.inputs * l.units + l.units, 0);
  if (bytes.byteLength !== total * 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const take = (n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32((o + i) * 4, true);
    o += n;
    return out;
  };
  return { layers: shape.layers.map((l) => ({ inputs: l.inputs, units: l.units, kernel: take(l.inputs * l.units), bias: take(l.units) })) };
}
