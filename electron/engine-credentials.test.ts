import { describe, expect, it } from 'vitest';
import { EnvCredentialVault, CREDENTIAL_ENV } from '../core/desk/credential-vault.js';
import { keysOf, RelayedCredentialVault, relayingVault, type RelayedKeys } from './engine-credentials.js';

const PAPER = { keyId: 'PKRELAY0001', secretKey: 'relay-secret' };

describe('keys relayed from the main process to the engine', () => {
  it('the engine vault reads what was relayed last, reports only the last four characters, and refuses to store', () => {
    const vault = new RelayedCredentialVault();
    expect(vault.read('paper')).toBeUndefined();
    vault.update({ paper: PAPER, live: null });
    expect(vault.read('paper')).toEqual(PAPER);
    expect(vault.read('live')).toBeUndefined();
    expect(vault.status()).toMatchObject({ paper: { set: true, keyIdLast4: '0001' }, live: { set: false }, storage: { writable: false } });
    expect(JSON.stringify(vault.status())).not.toContain('relay-secret');
    expect(vault.store()).toMatchObject({ ok: false, error: expect.stringMatching(/Settings → Broker/) });
    expect(vault.clear().ok).toBe(false);
    vault.update({ paper: null, live: null });
    expect(vault.read('paper')).toBeUndefined();
  });

  it('the main-side wrapper relays after a store or clear that succeeded, and not after a refused one', () => {
    const env = new EnvCredentialVault({ [CREDENTIAL_ENV.paper.keyId]: PAPER.keyId, [CREDENTIAL_ENV.paper.secretKey]: PAPER.secretKey });
    expect(keysOf(env)).toEqual({ paper: PAPER, live: null });
    const relayed: RelayedKeys[] = [];
    const refusing = relayingVault(env, (k) => relayed.push(k));
    expect(refusing.store('paper', PAPER).ok).toBe(false);
    expect(refusing.clear('paper').ok).toBe(false);
    expect(relayed).toEqual([]);
    expect(refusing.read('paper')).toEqual(PAPER);
    expect(refusing.status().paper.set).toBe(true);

    const held = new Map<string, typeof PAPER>();
    const memory = {
      status: () => env.status(),
      store: (a: 'paper' | 'live', k: typeof PAPER) => { held.set(a, k); return { ok: true as const, value: env.status() }; },
      clear: (a: 'paper' | 'live') => { held.delete(a); return { ok: true as const, value: env.status() }; },
      read: (a: 'paper' | 'live') => held.get(a),
    };
    const relaying = relayingVault(memory, (k) => relayed.push(k));
    relaying.store('live', PAPER);
    relaying.clear('live');
    expect(relayed).toEqual([{ paper: null, live: PAPER }, { paper: null, live: null }]);
  });
});
