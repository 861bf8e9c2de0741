import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh folder under the OS temp dir for tests that need real SQLite files (never ':memory:': WAL,
 * file creation and reopening only behave for real on disk). Call `remove` in afterEach.
 */
export function makeTempDir(prefix = 'desk-storage-'): { readonly dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
