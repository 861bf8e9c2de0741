import type { DeskHandlers } from '../contract/desk-api.js';
import { DeskFailure, deskError } from '../contract/errors.js';
import type { BrokerMode } from '../contract/requests/broker-requests.js';
import type { CredentialVault } from './credential-vault.js';
import type { LiveArming } from './live-arming.js';

type BrokerAccountHandlers = Pick<DeskHandlers,
  'broker.credentials.get' | 'broker.credentials.set' | 'broker.credentials.clear' | 'broker.mode.get' | 'broker.mode.set' | 'broker.live.arm' | 'broker.live.disarm'>;

export interface BrokerAccountDeps {
  readonly vault: CredentialVault;
  readonly arming: LiveArming;
  /** Each change of endpoint or arming, for the `broker.mode` stream. */
  readonly onMode: (mode: BrokerMode) => void;
}

const conflict = (message: string): DeskFailure => new DeskFailure(deskError('conflict', message));

/**
 * The broker account's requests: keys (set/not set and the last four characters of the key id, never a
 * secret back), the endpoint and the per-session live arming. The same handlers serve the headless desk (with
 * the environment vault) and Electron's main process (with the keychain vault), which answers these names
 * itself so keys never enter the engine's contract traffic.
 */
export function createBrokerAccountHandlers(d: BrokerAccountDeps): BrokerAccountHandlers {
  const changed = (mode: BrokerMode): BrokerMode => {
    d.onMode(mode);
    return mode;
  };
  return {
    'broker.credentials.get': () => d.vault.status(),
    'broker.credentials.set': ({ account, keyId, secretKey }) => {
      const r = d.vault.store(account, { keyId, secretKey });
      if (!r.ok) throw conflict(r.error);
      return r.value;
    },
    'broker.credentials.clear': ({ account }) => {
      const r = d.vault.clear(account);
      if (!r.ok) throw conflict(r.error);
      // Armed live trading without live keys would be a promise the desk cannot keep.
      if (account === 'live' && d.arming.armed) changed(d.arming.disarm());
      return r.value;
    },
    'broker.mode.get': () => d.arming.mode(),
    'broker.mode.set': ({ endpoint }) => changed(d.arming.setEndpoint(endpoint)),
    'broker.live.arm': ({ confirm }) => {
      const r = d.arming.arm(confirm, d.vault.read('live') !== undefined);
      if (!r.ok) throw conflict(r.error);
      return changed(r.value);
    },
    'broker.live.disarm': () => changed(d.arming.disarm()),
  };
}
