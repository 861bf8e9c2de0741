/**
 * Exact ROC AUC: the probability that a random positive scores above a random negative, ties counting one
 * half (the Mann-Whitney U statistic over midranks). O(n log n). NaN when either class is absent, since an
 * AUC of one class is undefined rather than 0.5.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, indices?: ArrayLike<number>): number {
  const n = indices === undefined ? scores.length : indices.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = indices === undefined ? i : (indices[i] as number);
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  let i = 0;
  while (i < n) {
    // One run of equal scores shares the mean of the ranks it spans (1-based: i+1 .. j).
    let j = i + 1;
    const s = scores[order[i] as number] as number;
    while (j < n && scores[order[j] as number] === s) j++;
    const midrank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        positiveRankSum += midrank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
