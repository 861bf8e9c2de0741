import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveDbPath, userDataDir } from './db-path.js';

describe('resolveDbPath', () => {
  const env = { DESK_DB: '/env/desk.db', XDG_DATA_HOME: '/xdg' };

  it('prefers the --db flag over DESK_DB and the default', () => {
    expect(resolveDbPath({ flag: '/flag/desk.db', env, platform: 'linux', home: '/home/u' })).toBe('/flag/desk.db');
  });

  it('uses DESK_DB when no flag is given', () => {
    expect(resolveDbPath({ env, platform: 'linux', home: '/home/u' })).toBe('/env/desk.db');
  });

  it('treats an empty flag or empty DESK_DB as absent', () => {
    expect(resolveDbPath({ flag: '', env: { DESK_DB: '  ' }, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.local/share/breakout-desk/desk.db',
    );
  });

  it('returns a relative --db path as given, leaving resolution to the cwd of whoever opens it', () => {
    expect(resolveDbPath({ flag: 'data/x.db', env: {}, platform: 'linux', home: '/home/u' })).toBe('data/x.db');
  });

  it('defaults to XDG_DATA_HOME/breakout-desk/desk.db on Linux', () => {
    expect(resolveDbPath({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home: '/home/u' })).toBe('/xdg/breakout-desk/desk.db');
  });

  it('falls back to ~/.local/share on Linux without XDG_DATA_HOME', () => {
    expect(resolveDbPath({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.local/share/breakout-desk/desk.db');
  });

  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(resolveDbPath({ env: { XDG_DATA_HOME: 'rel/dir' }, platform: 'freebsd', home: '/home/u' })).toBe(
      '/home/u/.local/share/breakout-desk/desk.db',
    );
  });

  it('uses ~/Library/Application Support/Breakout Desk on macOS, ignoring XDG_DATA_HOME', () => {
    expect(resolveDbPath({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Breakout Desk/desk.db',
    );
  });

  it('uses %APPDATA%\\Breakout Desk on Windows', () => {
    expect(resolveDbPath({ env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Breakout Desk\\desk.db',
    );
  });

  it('falls back to the roaming profile folder on Windows without APPDATA', () => {
    expect(resolveDbPath({ env: {}, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Breakout Desk\\desk.db',
    );
  });

  it('reads process.env, process.platform and the real home folder when nothing is injected', () => {
    const expected = process.env['DESK_DB']?.trim()
      ? process.env['DESK_DB']
      : `${userDataDir(process.platform, process.env, os.homedir())}${process.platform === 'win32' ? '\\' : '/'}desk.db`;
    expect(resolveDbPath({})).toBe(expected);
  });
});
