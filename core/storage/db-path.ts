import os from 'node:os';
import path from 'node:path';

/** File name of the desk database inside the user data folder. */
export const DB_FILE_NAME = 'desk.db';

/** What {@link resolveDbPath} needs; every input is injected so each branch is testable on any OS. */
export interface DbPathOptions {
  /** The `--db` command-line flag, if given. */
  readonly flag?: string | undefined;
  /** Environment variables (DESK_DB, XDG_DATA_HOME, APPDATA); defaults to `process.env`. */
  readonly env?: Record<string, string | undefined>;
  /** Defaults to `process.platform`. */
  readonly platform?: NodeJS.Platform;
  /** The user's home folder; defaults to `os.homedir()`. */
  readonly home?: string;
}

/**
 * The per-user data folder of the desk, following each OS's convention:
 * Linux and other Unixes `$XDG_DATA_HOME/breakout-desk` (else `~/.local/share/breakout-desk`),
 * macOS `~/Library/Application Support/Breakout Desk`, Windows `%APPDATA%\Breakout Desk`.
 */
export function userDataDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): string {
  switch (platform) {
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Breakout Desk');
    case 'win32':
      // APPDATA is always set on a real Windows session; the fallback mirrors its usual value.
      return path.win32.join(nonEmpty(env['APPDATA']) ?? path.win32.join(home, 'AppData', 'Roaming'), 'Breakout Desk');
    default:
      // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
      return path.posix.join(absoluteOrUndefined(env['XDG_DATA_HOME']) ?? path.posix.join(home, '.local', 'share'), 'breakout-desk');
  }
}

/** `--db` flag > `DESK_DB` env > `<user data folder>/desk.db`. Empty values count as absent. */
export function resolveDbPath(options: DbPathOptions): string {
  const env = options.env ?? process.env;
  const explicit = nonEmpty(options.flag) ?? nonEmpty(env['DESK_DB']);
  // Returned as given (not resolved against the cwd) so the function stays pure; SQLite resolves it on open.
  if (explicit !== undefined) return explicit;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? os.homedir();
  const dir = userDataDir(platform, env, home);
  return platform === 'win32' ? path.win32.join(dir, DB_FILE_NAME) : path.posix.join(dir, DB_FILE_NAME);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function absoluteOrUndefined(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  return v !== undefined && path.posix.isAbsolute(v) ? v : undefined;
}
