import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule is the machine check of the dependency direction; these tests prove it bites, so that
// loosening eslint.config.js by accident fails CI rather than review.
const eslint = new ESLint();

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
}

describe('dependency direction', () => {
  it('rejects core/ importing electron', async () => {
    const ids = await ruleIdsFor("import { app } from 'electron';\nexport const a = app;\n", 'core/x/probe.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects core/ importing react', async () => {
    const ids = await ruleIdsFor("import { useState } from 'react';\nexport const a = useState;\n", 'core/x/probe.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects core/ importing from renderer/', async () => {
    const ids = await ruleIdsFor("import { x } from '../../renderer/app.js';\nexport const a = x;\n", 'core/x/probe.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects core/ touching the DOM', async () => {
    const ids = await ruleIdsFor('export const w = window.innerWidth;\n', 'core/x/probe.ts');
    expect(ids).toContain('no-restricted-globals');
  });

  it('rejects the renderer importing engine code outside the contract', async () => {
    const ids = await ruleIdsFor("import { x } from '../core/storage/bar-store.js';\nexport const a = x;\n", 'renderer/probe.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('allows core/ importing node built-ins and its own modules', async () => {
    const ids = await ruleIdsFor("import { join } from 'node:path';\nimport type { Bar } from '../market/bar.js';\nexport const a = join;\nexport type B = Bar;\n", 'core/x/probe.ts');
    expect(ids).toEqual([]);
  });
});
