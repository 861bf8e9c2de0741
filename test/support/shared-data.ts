import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The one setting that locates the read-only shared market data: DESK_SHARED_DATA, default ../shared/data
 * next to the repository. The data is read from there and never copied into the repo.
 */
export function sharedDataDir(): string {
  return resolve(repoRoot, process.env['DESK_SHARED_DATA'] ?? '../shared/data');
}

export function hasSharedData(): boolean {
  return existsSync(resolve(sharedDataDir(), 'daily', 'INDEX.csv'));
}

/** `describe` that runs only when the shared data is present, and says clearly why when it is not. */
export function describeWithSharedData(name: string, body: () => void): void {
  if (hasSharedData()) {
    describe(name, body);
    return;
  }
  const reason = `shared data not found at ${sharedDataDir()} (set DESK_SHARED_DATA to its folder)`;
  console.warn(`[skipped] ${name}: ${reason}`);
  describe.skip(`${name} — skipped: ${reason}`, body);
}
