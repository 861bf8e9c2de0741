import type { AlpacaCredentials } from '../core/adapters/alpaca/endpoints.js';
import type { BrokerAccount, CredentialsStatus } from '../core/contract/requests/broker-requests.js';
import { credentialsStatus, type CredentialVault } from '../core/desk/credential-vault.js';
import { err, type Result } from '../core/util/result.js';

/** The keys the engine may use, as the main process relays them: each account's keys or null. */
export interface RelayedKeys {
  readonly paper: AlpacaCredentials | null;
  readonly live: AlpacaCredentials | null;
}

const ACCOUNTS: readonly BrokerAccount[] = ['paper', 'live'];

/** What `vault` holds now, for the engine. */
export function keysOf(vault: Pick<CredentialVault, 'read'>): RelayedKeys {
  return { paper: vault.read('paper') ?? null, live: vault.read('live') ?? null };
}

/**
 * Main-process side: the keychain vault the broker-account requests use, relaying the keys to the engine after
 * every store or clear that succeeded, so an Alpaca feed started later reads the keys the trader just entered and a
 * cleared key stops working in the engine too. The relay goes over the engine's own MessagePort (in memory, never
 * logged), not argv or the environment, which other processes or a crash dump could read.
 */
export function relayingVault(vault: CredentialVault, relay: (keys: RelayedKeys) => void): CredentialVault {
  const changed = (result: Result<CredentialsStatus, string>): Result<CredentialsStatus, string> => {
    if (result.ok) relay(keysOf(vault));
    return result;
  };
  return {
    status: () => vault.status(),
    store: (account, keys) => changed(vault.store(account, keys)),
    clear: (account) => changed(vault.clear(account)),
    read: (account) => vault.read(account),
  };
}

/**
 * Engine side: the keys the main process relayed, in memory only. The engine never stores keys (the main process
 * answers `broker.credentials.*` on the keychain), so store and clear refuse and say where keys are entered.
 */
export class RelayedCredentialVault implements CredentialVault {
  #keys: RelayedKeys = { paper: null, live: null };

  update(keys: RelayedKeys): void {
    this.#keys = keys;
  }

  status(): CredentialsStatus {
    return credentialsStatus((a) => this.read(a), { kind: 'keychain', writable: false, reason: ENGINE_REASON });
  }

  store(): Result<CredentialsStatus, string> {
    return err(ENGINE_REASON);
  }

  clear(): Result<CredentialsStatus, string> {
    return err(ENGINE_REASON);
  }

  read(account: BrokerAccount): AlpacaCredentials | undefined {
    return ACCOUNTS.includes(account) ? this.#keys[account] ?? undefined : undefined;
  }
}

const ENGINE_REASON = 'The desk engine only uses keys; enter or clear them in Settings → Broker, which keeps them in the OS keychain.';
