import { describe, expect, it } from 'vitest';
import { initTfRuntime } from './tf-backend.js';

describe('TensorFlow.js backend selection', () => {
  it('falls back to cpu, saying why, when the wasm binaries are not where it looks', async () => {
    const t = await initTfRuntime('/nonexistent/tfjs-wasm');
    expect(t.backend).toBe('cpu');
    expect(t.tf.getBackend()).toBe('cpu');
    expect(t.wasmError).toBeTruthy();
    expect(Array.from(await t.tf.tensor([1, 2]).square().data())).toEqual([1, 4]);
  });
});
