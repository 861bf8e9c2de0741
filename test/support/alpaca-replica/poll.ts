/**
 * Resolves when `condition` holds, checking on every macrotask turn; rejects with `what` after `timeoutMs`.
 * Tests poll instead of sleeping, so they are as fast as the system under test and fail with a reason.
 */
export async function pollUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
