import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** TensorFlow.js with the backend it runs on, so reports can say which one trained the model. */
export interface TfRuntime {
  readonly tf: typeof tf;
  readonly backend: 'wasm' | 'cpu';
  /** Why wasm was not used, when it was not. */
  readonly wasmError?: string;
}

let runtime: Promise<TfRuntime> | undefined;

/** Directory of the wasm binaries on disk: loading them from a CDN would need a network the desk may not have. */
function wasmDir(): string {
  const require = createRequire(import.meta.url);
  // The package's "main" sits in dist/, next to the .wasm files.
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

/** Sets the backend up with the wasm binaries from `dir`; exported so the cpu fallback can be tested. */
export async function initTfRuntime(dir: string): Promise<TfRuntime> {
  try {
    setWasmPaths(join(dir, '/'));
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
    await tf.ready();
    return { tf, backend: 'wasm' };
  } catch (e) {
    const wasmError = e instanceof Error ? e.message : String(e);
    await tf.setBackend('cpu');
    await tf.ready();
    return { tf, backend: 'cpu', wasmError };
  }
}

/** Initialises TensorFlow.js once per process: wasm from the installed package, cpu if that fails. */
export function tfRuntime(): Promise<TfRuntime> {
  runtime ??= initTfRuntime(wasmDir());
  return runtime;
}
