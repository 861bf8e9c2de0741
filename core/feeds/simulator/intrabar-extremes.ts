/**
 * High and low of a bar as log offsets from its open, drawn from the exact law of a Brownian bridge's
 * maximum and minimum between the open and the close: P(max > m) = exp(-2m(m-b)/σ²). Wicks then scale
 * with volatility and never contradict the body. `u1`, `u2` are uniforms in (0, 1).
 */
export function intrabarExtremes(body: number, sigma: number, u1: number, u2: number): { up: number; down: number } {
  const s2 = sigma * sigma;
  return {
    up: (body + Math.sqrt(body * body - 2 * s2 * Math.log(u1))) / 2,
    down: (body - Math.sqrt(body * body - 2 * s2 * Math.log(u2))) / 2,
  };
}
