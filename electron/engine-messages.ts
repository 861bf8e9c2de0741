import type { DeskResponse } from '../core/contract/desk-api.js';
import type { RelayedArming } from './engine-arming.js';
import type { RelayedCredentialVault, RelayedKeys } from './engine-credentials.js';
import type { DeskInfo } from '../core/desk/create-desk.js';
import type { StreamMessage } from '../core/contract/streams.js';

/** Main → engine utility process. */
export type ToEngine =
  | { readonly type: 'invoke'; readonly id: number; readonly name: string; readonly params: unknown }
  /** The keychain's keys for the engine's Alpaca feed and news: sent at start and after every change, never logged. */
  | { readonly type: 'credentials'; readonly keys: RelayedKeys }
  /** Whether the trader armed live trading in this app session (main holds it); sent at every change, never stored. */
  | { readonly type: 'arming'; readonly armed: boolean }
  | { readonly type: 'stop' };

/** Where the engine holds what main relays outside requests, in memory only. */
export interface RelayedState {
  readonly credentials: Pick<RelayedCredentialVault, 'update'>;
  readonly arming: Pick<RelayedArming, 'update'>;
}

/** The engine's handling of a relayed keys or arming message: true when `message` was one (nothing is answered). */
export function takeRelayed(message: ToEngine, into: RelayedState): boolean {
  if (message.type === 'credentials') {
    into.credentials.update(message.keys);
    return true;
  }
  if (message.type === 'arming') {
    into.arming.update(message.armed);
    return true;
  }
  return false;
}

/** Engine utility process → main. */
export type FromEngine =
  | { readonly type: 'ready'; readonly info: DeskInfo }
  | { readonly type: 'result'; readonly id: number; readonly response: DeskResponse<unknown> }
  | { readonly type: 'stream'; readonly message: StreamMessage }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'stopped' };

/** What the engine needs to start, passed as argv so nothing is shared implicitly. */
export interface EngineArgs {
  readonly dbFile: string;
  readonly seed: number;
  readonly speed: number;
}

export function engineArgv(args: EngineArgs): string[] {
  return ['--db', args.dbFile, '--seed', String(args.seed), '--speed', String(args.speed)];
}

export function parseEngineArgv(argv: readonly string[]): EngineArgs {
  const value = (flag: string): string => {
    const at = argv.indexOf(flag);
    const found = at === -1 ? undefined : argv[at + 1];
    if (found === undefined) throw new Error(`engine started without ${flag}`);
    return found;
  };
  return { dbFile: value('--db'), seed: Number(value('--seed')), speed: Number(value('--speed')) };
}
