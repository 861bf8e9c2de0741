/** One transition: observation, action, reward, next observation (ignored when `done`). */
export interface Transition {
  readonly obs: ArrayLike<number>;
  readonly action: number;
  readonly reward: number;
  readonly next: ArrayLike<number>;
  readonly done: boolean;
}

/**
 * Experience replay: a ring of the last `capacity` transitions in flat typed arrays, sampled uniformly with
 * the caller's seeded generator, so the batches (and the trained weights) repeat run for run.
 */
export class ReplayBuffer {
  readonly capacity: number;
  readonly dims: number;
  readonly obs: Float32Array;
  readonly next: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly done: Uint8Array;
  #size = 0;
  #head = 0;

  constructor(capacity: number, dims: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`replay capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.dims = dims;
    this.obs = new Float32Array(capacity * dims);
    this.next = new Float32Array(capacity * dims);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.done = new Uint8Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(t: Transition): void {
    const i = this.#head;
    for (let k = 0; k < this.dims; k++) {
      this.obs[i * this.dims + k] = t.obs[k] ?? 0;
      this.next[i * this.dims + k] = t.next[k] ?? 0;
    }
    this.actions[i] = t.action;
    this.rewards[i] = t.reward;
    this.done[i] = t.done ? 1 : 0;
    this.#head = (i + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** `n` indices drawn uniformly with replacement. @throws RangeError when empty. */
  sample(n: number, uniform: () => number): Uint32Array {
    if (this.#size === 0) throw new RangeError('cannot sample an empty replay buffer');
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(uniform() * this.#size);
    return idx;
  }
}
