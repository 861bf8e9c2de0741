import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A private folder under the OS temp dir for a command's throw-away database; `remove` deletes it. */
export function makeScratchDir(prefix = 'desk-scratch-'): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
