import type { AlpacaCredentials } from '../adapters/alpaca/endpoints.js';
import type { BrokerAccount, CredentialsStatus } from '../contract/requests/broker-requests.js';
import { err, type Result } from '../util/result.js';

/**
 * Where the desk keeps Alpaca keys. The desktop's vault lives in Electron's main process on the OS keychain
 * (`electron/credential-store.ts`); headless desks read the environment. `status` never carries a secret;
 * only `read` does, for the adapters, and its result must never be logged or sent to a UI.
 */
export interface CredentialVault {
  status(): CredentialsStatus;
  /** Stores the keys, or says why they cannot be stored here. */
  store(account: BrokerAccount, keys: AlpacaCredentials): Result<CredentialsStatus, string>;
  clear(account: BrokerAccount): Result<CredentialsStatus, string>;
  read(account: BrokerAccount): AlpacaCredentials | undefined;
}

/** The environment variables a headless desk reads its keys from. */
export const CREDENTIAL_ENV = {
  paper: { keyId: 'DESK_ALPACA_PAPER_KEY_ID', secretKey: 'DESK_ALPACA_PAPER_SECRET_KEY' },
  live: { keyId: 'DESK_ALPACA_LIVE_KEY_ID', secretKey: 'DESK_ALPACA_LIVE_SECRET_KEY' },
} as const;

/** Last four characters of a key id: enough to tell two keys apart, useless to an attacker. */
export const last4 = (keyId: string): string => keyId.slice(-4);

/** A status from whatever keys `read` finds: set or not and the key id's last four characters, never more. */
export function credentialsStatus(read: (account: BrokerAccount) => AlpacaCredentials | undefined, storage: CredentialsStatus['storage']): CredentialsStatus {
  const one = (account: BrokerAccount): CredentialsStatus['paper'] => {
    const keys = read(account);
    return keys === undefined ? { set: false, keyIdLast4: null, source: null } : { set: true, keyIdLast4: last4(keys.keyId), source: storage.kind };
  };
  return { storage, paper: one('paper'), live: one('live') };
}

/**
 * The headless desk's vault: it has no OS keychain (Electron's safeStorage exists only in the desktop app), so
 * it refuses to store keys rather than keep them in plain text, and reads them from the environment instead.
 */
export class EnvCredentialVault implements CredentialVault {
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  status(): CredentialsStatus {
    return credentialsStatus((a) => this.read(a), { kind: 'environment', writable: false, reason: headlessReason() });
  }

  store(): Result<CredentialsStatus, string> {
    return err(headlessReason());
  }

  clear(): Result<CredentialsStatus, string> {
    return err(headlessReason());
  }

  read(account: BrokerAccount): AlpacaCredentials | undefined {
    const names = CREDENTIAL_ENV[account];
    const keyId = this.#env[names.keyId]?.trim() ?? '';
    const secretKey = this.#env[names.secretKey]?.trim() ?? '';
    return keyId === '' || secretKey === '' ? undefined : { keyId, secretKey };
  }
}

function headlessReason(): string {
  const p = CREDENTIAL_ENV.paper;
  const l = CREDENTIAL_ENV.live;
  return 'This desk runs headless, without an OS keychain, so it does not store keys (it would have to keep them in plain text). ' +
    `Start it with ${p.keyId} and ${p.secretKey} (paper) or ${l.keyId} and ${l.secretKey} (live) in its environment, or enter the keys in the desktop app.`;
}

