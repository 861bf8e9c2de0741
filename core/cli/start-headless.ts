import type { AlpacaEndpoints } from '../adapters/alpaca/endpoints.js';
import { feedConfigSchema, type FeedConfig } from '../contract/feed-schemas.js';
import { AlpacaKeysError } from '../desk/alpaca-desk-feed.js';
import { EnvCredentialVault } from '../desk/credential-vault.js';
import { DatabaseOpenError, DatabaseTooNewError } from '../storage/open-database.js';
import { resolveDbPath } from '../storage/db-path.js';
import { startHeadless, type HeadlessDesk } from '../server/headless.js';
import type { Clock } from '../time/clock.js';

/** What `npm start` passes when it runs the desk without Electron. */
export interface HeadlessStartOptions {
  readonly db?: string | undefined;
  readonly port: number;
  readonly seed: number;
  readonly speed: number;
  readonly rendererDir: string;
  readonly clock: Clock;
  /** Why the window is a browser tab: Electron's binary is missing, or --headless was asked for. */
  readonly reason: StartReason;
  readonly env?: Record<string, string | undefined>;
  /** `--alpaca AAPL,MSFT`: start on Alpaca's live minute bars for these symbols (keys from DESK_ALPACA_* in `env`). */
  readonly alpaca?: string | undefined;
  /** `--alpaca-account`: whose keys read the data; default paper. */
  readonly alpacaAccount?: string | undefined;
  /** Where the Alpaca feed connects instead of Alpaca (tests: the loopback replica). */
  readonly alpacaEndpoints?: AlpacaEndpoints;
}

/** The feed `--alpaca` asks for, checked like a `feed.set`; a bad flag is a RangeError naming it. */
export function alpacaStartFeed(symbols: string, account: string | undefined): FeedConfig {
  const parsed = feedConfigSchema.safeParse({ kind: 'alpaca', account: account ?? 'paper', symbols: symbols.split(/[\s,;]+/).filter((s) => s !== '').map((s) => s.toUpperCase()) });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = issue?.path[0] === 'account' ? '--alpaca-account (paper or live)' : '--alpaca (comma-separated symbols)';
  throw new RangeError(`${flag}: ${issue?.message ?? 'invalid'}`);
}

/** The commands that fetch Electron's binary on a trader's machine. */
export const INSTALL_ELECTRON_HINT = 'npm run electron:install   (downloads Electron once; then npm start opens the window)';

/** Starts headless mode and returns it with the lines to print. */
export async function startHeadlessDesk(options: HeadlessStartOptions): Promise<{ running: HeadlessDesk; lines: string[] }> {
  const dbFile = resolveDbPath({ flag: options.db, env: options.env ?? process.env });
  const env = options.env ?? process.env;
  const feed = options.alpaca === undefined ? undefined : alpacaStartFeed(options.alpaca, options.alpacaAccount);
  const running = await startHeadless({
    dbFile, port: options.port, seed: options.seed, speed: options.speed, clock: options.clock, rendererDir: options.rendererDir,
    credentials: new EnvCredentialVault(env),
    ...(feed === undefined ? {} : { feed }),
    ...(options.alpacaEndpoints === undefined ? {} : { alpacaEndpoints: options.alpacaEndpoints }),
  });
  return { running, lines: describeStart(running, options) };
}

/**
 * Why the desk runs headless: no Electron binary, the trader asked (--headless), or Electron is there but
 * better-sqlite3 is built for Node's ABI (as `npm install` leaves it, for the tests), which Electron cannot load.
 */
export type StartReason = 'no-electron' | 'asked' | 'sqlite-built-for-node';

export const ELECTRON_REBUILD_HINT = 'npm run electron:rebuild   (once; `npm rebuild better-sqlite3` switches back for the tests)';

export function describeStart(running: HeadlessDesk, options: Pick<HeadlessStartOptions, 'speed' | 'reason'>): string[] {
  const { info } = running.desk;
  const status = running.desk.status();
  const why =
    options.reason === 'no-electron'
      ? [
          "  Electron's binary is not installed here, so the desk runs headless and you use it in a browser.",
          `  To get the desktop window on a trader's machine, install it once: ${INSTALL_ELECTRON_HINT}`,
        ]
      : options.reason === 'sqlite-built-for-node'
        ? [
            "  Electron is installed, but the SQLite driver is built for Node (for the tests), and Electron cannot load it.",
            `  To open the desktop window, rebuild it for Electron: ${ELECTRON_REBUILD_HINT}`,
          ]
        : ['  Headless mode (--headless): use the desk in a browser.'];
  return [
    'Breakout Desk started (headless mode)',
    ...why,
    '',
    `  Open:   ${running.server.url}`,
    `          (loopback only; the #token part is the key for this run and is never sent to the server's logs)`,
    info.feedName.startsWith('alpaca')
      ? `  Feed:   ${info.feedName}, ${info.interval} bars as they trade (Alpaca)`
      : `  Feed:   ${info.feedName}, seed ${info.seed}, ${info.interval} bars at ${options.speed}x speed`,
    `          symbols ${info.symbols.join(', ')}`,
    `  DB:     ${info.dbFile} (${status.db.barsStored} bars stored)`,
    `  Token:  ${running.server.tokenFile} (0600; scripts send "Authorization: Bearer <token>")`,
    '',
    '  Ctrl-C stops the desk (closes the database, stops the feed).',
  ];
}

/**
 * A one-line reason for failures a trader can cause and fix (a newer database, a taken port), or
 * undefined for a real bug, which should keep its stack trace.
 */
export function expectedStartError(error: unknown, port: number): string | undefined {
  if (error instanceof DatabaseTooNewError || error instanceof DatabaseOpenError || error instanceof AlpacaKeysError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} is already in use: pick another with --port, or --port 0 for any free one.`;
  if (code === 'EACCES') return `Not allowed to listen on port ${port}: use a port above 1024, or --port 0.`;
  if (error instanceof RangeError) return error.message;
  return undefined;
}
