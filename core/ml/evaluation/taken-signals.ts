/**
 * Which samples a model would take as signals. Selections are decided once on the whole test set; the
 * precision of the taken signals is then the success rate among them (and its bootstrap CI resamples them).
 */

/**
 * Mask of the `k` highest-probability samples. Ties at the cut are broken by sample order (earlier first) so
 * the selection is deterministic; with k ≥ n every sample is taken.
 */
export function topKMask(probs: ArrayLike<number>, k: number): Uint8Array {
  const n = probs.length;
  const mask = new Uint8Array(n);
  const take = Math.max(0, Math.min(n, Math.floor(k)));
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
  for (let i = 0; i < take; i++) mask[order[i] as number] = 1;
  return mask;
}

/** Mask of the samples with probability ≥ threshold. */
export function thresholdMask(probs: ArrayLike<number>, threshold: number): Uint8Array {
  const mask = new Uint8Array(probs.length);
  for (let i = 0; i < probs.length; i++) mask[i] = (probs[i] as number) >= threshold ? 1 : 0;
  return mask;
}

/** Indices of the set entries of a mask. */
export function maskIndices(mask: ArrayLike<number>): Uint32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) count++;
  const out = new Uint32Array(count);
  let j = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out[j++] = i;
  return out;
}

/** Success rate among the given samples (all when `indices` is omitted); NaN when none are taken. */
export function successRateOf(labels: ArrayLike<number>, indices?: ArrayLike<number>): number {
  const n = indices === undefined ? labels.length : indices.length;
  if (n === 0) return Number.NaN;
  let wins = 0;
  for (let i = 0; i < n; i++) wins += labels[indices === undefined ? i : (indices[i] as number)] as number;
  return wins / n;
}
