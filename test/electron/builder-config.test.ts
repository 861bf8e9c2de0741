import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The two functions electron-builder itself runs on its configuration before building anything. */
interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
}

// app-builder-lib is electron-builder's engine; using its own loader and schema check means this test
// validates exactly what `npm run package` would, offline and without building.
const builder = createRequire(path.join(root, 'package.json'))('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const quietLogger = { isEnabled: false, add: (): void => undefined };

async function loadConfig(): Promise<Record<string, unknown>> {
  return builder.getConfig(root, path.join(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await loadConfig();
    await expect(builder.validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('would be rejected by that validation if it held a misspelled option', async () => {
    const config = await loadConfig();
    await expect(builder.validateConfiguration({ ...config, asarUnpak: [] }, quietLogger)).rejects.toThrow(/Invalid configuration object/);
  });

  it('ships the built app and the models, unpacks SQLite\'s native code and rebuilds it for Electron', async () => {
    const config = await loadConfig();
    // getConfig normalises `files` to one filter set, as the build sees it.
    expect(config['files']).toEqual([{ filter: expect.arrayContaining(['out/**', 'models/**', 'package.json', '!**/*.{map,ts,tsx}']) as unknown }]);
    expect(config['asarUnpack']).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**/*.node']));
    expect(config['npmRebuild']).toBe(true);
  });

  it('builds an installer for each desktop OS, with an icon that exists', async () => {
    const config = await loadConfig();
    const target = (os: string): unknown => (config[os] as { target?: unknown } | undefined)?.target;
    expect(target('linux')).toEqual(['AppImage', 'deb']);
    expect(target('win')).toEqual(['nsis']);
    expect(target('mac')).toEqual(['dmg']);
    for (const os of ['linux', 'win', 'mac']) {
      const icon = (config[os] as { icon?: string } | undefined)?.icon;
      expect(icon !== undefined && existsSync(path.join(root, icon))).toBe(true);
    }
  });

  it("starts the app from electron-vite's main bundle", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    const viteConfig = readFileSync(path.join(root, 'electron.vite.config.ts'), 'utf8');
    expect(pkg.main).toBe('out/main/main.js');
    expect(viteConfig).toContain("outDir: 'out/main'");
    expect(viteConfig).toMatch(/input: \{ main: resolve\(root, 'electron\/main\.ts'\)/);
  });
});
