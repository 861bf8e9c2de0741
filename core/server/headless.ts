import path from 'node:path';
import type { AlpacaEndpoints } from '../adapters/alpaca/endpoints.js';
import type { FeedConfig } from '../contract/feed-schemas.js';
import type { CredentialVault } from '../desk/credential-vault.js';
import type { Desk } from '../desk/create-desk.js';
import { createDeskHost } from '../desk/desk-host.js';
import type { DeskFeedFactory } from '../desk/desk-feed.js';
import type { Clock } from '../time/clock.js';
import { startDeskServer, type DeskServer } from './desk-server.js';

/** Name of the token file, next to the database in the desk's data folder. */
export const TOKEN_FILE_NAME = 'desk-server.token';

export interface HeadlessOptions {
  readonly dbFile: string;
  readonly port: number;
  readonly seed: number;
  readonly speed?: number;
  readonly clock: Clock;
  readonly rendererDir: string;
  /** Default: the built-in seeded simulator. */
  readonly createFeed?: DeskFeedFactory;
  /** The feed to start on (`npm start --alpaca`); default the seeded simulator. Ignored when `createFeed` is given. */
  readonly feed?: FeedConfig;
  /** Where Alpaca keys come from; default the environment (a headless desk has no OS keychain). */
  readonly credentials?: CredentialVault;
  /** Where an Alpaca feed connects instead of Alpaca's hosts (tests: the loopback replica). */
  readonly alpacaEndpoints?: AlpacaEndpoints;
}

export interface HeadlessDesk {
  readonly desk: Desk;
  readonly server: DeskServer;
  /** Server first (no new requests), then the feed and the database; idempotent. */
  close(): Promise<void>;
}

/** Headless mode: the desk plus its loopback server, as `npm start` runs it where Electron is absent. */
export async function startHeadless(options: HeadlessOptions): Promise<HeadlessDesk> {
  // The host, not a bare desk: feed.set then restarts the session behind the same server and streams.
  const desk = await createDeskHost({
    dbFile: options.dbFile,
    clock: options.clock,
    seed: options.seed,
    ...(options.createFeed === undefined ? {} : { createFeed: options.createFeed }),
    ...(options.feed === undefined ? {} : { feed: options.feed }),
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.alpacaEndpoints === undefined ? {} : { alpacaEndpoints: options.alpacaEndpoints }),
  });
  let server: DeskServer;
  try {
    server = await startDeskServer({
      desk,
      port: options.port,
      rendererDir: options.rendererDir,
      tokenFile: path.join(path.dirname(path.resolve(options.dbFile)), TOKEN_FILE_NAME),
    });
  } catch (error) {
    await desk.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    desk,
    server,
    close: () => {
      closing ??= server.close().then(() => desk.close());
      return closing;
    },
  };
}
