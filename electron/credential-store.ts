import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AlpacaCredentials } from '../core/adapters/alpaca/endpoints.js';
import type { BrokerAccount, CredentialsStatus } from '../core/contract/requests/broker-requests.js';
import { credentialsStatus, last4, type CredentialVault } from '../core/desk/credential-vault.js';
import { err, ok, type Result } from '../core/util/result.js';

/** The file in userData that holds the sealed keys. */
export const CREDENTIALS_FILE = 'broker-credentials.json';

/**
 * The part of Electron's `safeStorage` the vault uses (injected, so tests run without Electron). The OS keychain
 * holds the key that seals the data: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring was found and the "encryption" key is a constant. */
  getSelectedStorageBackend?(): string;
}

interface SealedAccount {
  readonly keyIdLast4: string;
  /** base64 of safeStorage.encryptString(JSON of { keyId, secretKey }). */
  readonly sealed: string;
}

interface VaultFile {
  readonly version: 1;
  readonly accounts: Partial<Record<BrokerAccount, SealedAccount>>;
}

/**
 * Alpaca keys sealed with Electron's safeStorage in the main process. On disk only the sealed bytes and the
 * key id's last four characters; the secret is decrypted on `read` for an adapter and never logged, never sent
 * to the renderer (the contract's status carries set/not set and the last four characters). Where safeStorage
 * cannot protect the keys (no encryption, or Linux's `basic_text` fallback) it refuses to store them and says why.
 */
export class KeychainCredentialVault implements CredentialVault {
  readonly #safe: SafeStorageLike;
  readonly #file: string;
  #damaged: string | undefined;

  constructor(safe: SafeStorageLike, file: string) {
    this.#safe = safe;
    this.#file = file;
  }

  status(): CredentialsStatus {
    const unavailable = this.#unavailable();
    const stored = this.#load();
    const reason = unavailable ?? this.#damaged ?? null;
    return credentialsStatus(
      // Only the last four characters are on disk unsealed; status needs nothing more.
      (a) => { const e = stored.accounts[a]; return e === undefined ? undefined : { keyId: e.keyIdLast4, secretKey: '' }; },
      { kind: 'keychain', writable: unavailable === undefined, reason },
    );
  }

  store(account: BrokerAccount, keys: AlpacaCredentials): Result<CredentialsStatus, string> {
    const unavailable = this.#unavailable();
    if (unavailable !== undefined) return err(unavailable);
    let sealed: Buffer;
    try {
      sealed = this.#safe.encryptString(JSON.stringify({ keyId: keys.keyId, secretKey: keys.secretKey }));
    } catch (e) {
      return err(`The OS keychain refused to seal the keys (${e instanceof Error ? e.message : 'unknown error'}); nothing was stored.`);
    }
    const current = this.#load();
    const next: VaultFile = { version: 1, accounts: { ...current.accounts, [account]: { keyIdLast4: last4(keys.keyId), sealed: sealed.toString('base64') } } };
    const written = this.#write(next);
    return written.ok ? ok(this.status()) : written;
  }

  clear(account: BrokerAccount): Result<CredentialsStatus, string> {
    const current = this.#load();
    const accounts = Object.fromEntries(Object.entries(current.accounts).filter(([a]) => a !== account));
    const written = this.#write({ version: 1, accounts });
    return written.ok ? ok(this.status()) : written;
  }

  read(account: BrokerAccount): AlpacaCredentials | undefined {
    if (this.#unavailable() !== undefined) return undefined;
    const entry = this.#load().accounts[account];
    if (entry === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(this.#safe.decryptString(Buffer.from(entry.sealed, 'base64')));
      if (typeof parsed !== 'object' || parsed === null) return undefined;
      const { keyId, secretKey } = parsed as Record<string, unknown>;
      return typeof keyId === 'string' && typeof secretKey === 'string' ? { keyId, secretKey } : undefined;
    } catch {
      // Sealed by another user or machine, or the keychain entry was reset: the keys must be entered again.
      this.#damaged = `The stored ${account} keys could not be unsealed (another user, machine or a reset keychain): enter them again.`;
      return undefined;
    }
  }

  #unavailable(): string | undefined {
    if (!this.#safe.isEncryptionAvailable()) return 'The OS keychain is not available to this app, so keys are not stored (they would be kept in plain text). Unlock or set up the keychain and try again.';
    if (this.#safe.getSelectedStorageBackend?.() === 'basic_text') {
      return 'No keyring (GNOME Keyring, KWallet) was found on this Linux desktop, so keys are not stored (Electron would only obfuscate them). Install and unlock a keyring, then restart the desk.';
    }
    return undefined;
  }

  #load(): VaultFile {
    if (!existsSync(this.#file)) return { version: 1, accounts: {} };
    try {
      const doc = JSON.parse(readFileSync(this.#file, 'utf8')) as Partial<VaultFile>;
      if (doc.version !== 1 || typeof doc.accounts !== 'object') throw new Error('unknown format');
      const accounts: Partial<Record<BrokerAccount, SealedAccount>> = {};
      for (const a of ['paper', 'live'] as const) {
        const e = doc.accounts[a];
        if (e !== undefined && typeof e.keyIdLast4 === 'string' && typeof e.sealed === 'string') accounts[a] = { keyIdLast4: e.keyIdLast4, sealed: e.sealed };
      }
      return { version: 1, accounts };
    } catch {
      this.#damaged = `${CREDENTIALS_FILE} is damaged and was ignored: enter the keys again.`;
      return { version: 1, accounts: {} };
    }
  }

  #write(doc: VaultFile): Result<void, string> {
    // Written next to the file and renamed over it: a crash leaves the old file or the new one, never half.
    const tmp = `${this.#file}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.#file);
      this.#damaged = undefined;
      return ok(undefined);
    } catch (e) {
      rmSync(tmp, { force: true });
      return err(`The keys could not be saved (${e instanceof Error ? e.message : 'unknown error'}); nothing changed.`);
    }
  }
}
