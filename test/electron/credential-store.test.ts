import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVE_ARM_PHRASE } from '../../core/contract/requests/broker-requests.js';
import type { StreamMessage } from '../../core/contract/streams.js';
import { EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { withBrokerAccount } from '../../electron/broker-account-ipc.js';
import { CREDENTIALS_FILE, KeychainCredentialVault } from '../../electron/credential-store.js';
import type { EngineClient } from '../../electron/engine-process.js';
import { safeStorage } from './fake-electron.js';

const PAPER = { keyId: 'PKTESTKEY1234ABCD', secretKey: 'paper-secret-0123456789abcdef' } as const;
const LIVE = { keyId: 'AKLIVEKEY9876WXYZ', secretKey: 'live-secret-fedcba9876543210' } as const;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-vault-'));
  file = path.join(dir, CREDENTIALS_FILE);
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('KeychainCredentialVault', () => {
  it('stores keys sealed: the file holds no secret and no full key id, only the last four characters', () => {
    const vault = new KeychainCredentialVault(safeStorage, file);
    const status = vault.store('paper', PAPER);
    expect(status).toEqual({ ok: true, value: { storage: { kind: 'keychain', writable: true, reason: null }, paper: { set: true, keyIdLast4: 'ABCD', source: 'keychain' }, live: { set: false, keyIdLast4: null, source: null } } });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(PAPER.secretKey);
    expect(onDisk).not.toContain(PAPER.keyId);
    expect(onDisk).not.toContain(Buffer.from(PAPER.secretKey).toString('base64').slice(0, 12));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(vault.status())).not.toContain(PAPER.secretKey);
  });

  it('reads the keys back in a new process (a new vault on the same file) and forgets them on clear', () => {
    new KeychainCredentialVault(safeStorage, file).store('live', LIVE);
    const again = new KeychainCredentialVault(safeStorage, file);
    expect(again.read('live')).toEqual(LIVE);
    expect(again.read('paper')).toBeUndefined();
    expect(again.clear('live')).toMatchObject({ ok: true, value: { live: { set: false } } });
    expect(new KeychainCredentialVault(safeStorage, file).read('live')).toBeUndefined();
  });

  it('refuses to store where safeStorage cannot protect the keys, and says why', () => {
    safeStorage.available = false;
    const off = new KeychainCredentialVault(safeStorage, file);
    expect(off.store('paper', PAPER)).toEqual({ ok: false, error: expect.stringMatching(/keychain is not available/) });
    expect(off.status().storage).toMatchObject({ writable: false, reason: expect.stringMatching(/not available/) });
    safeStorage.available = true;
    safeStorage.backend = 'basic_text';
    expect(new KeychainCredentialVault(safeStorage, file).store('paper', PAPER)).toEqual({ ok: false, error: expect.stringMatching(/No keyring/) });
    expect(() => statSync(file)).toThrow();
  });

  it('treats a damaged file or keys sealed elsewhere as not set, with a reason, instead of crashing', () => {
    writeFileSync(file, '{not json');
    const vault = new KeychainCredentialVault(safeStorage, file);
    expect(vault.status()).toMatchObject({ paper: { set: false }, storage: { reason: expect.stringMatching(/damaged/) } });
    writeFileSync(file, JSON.stringify({ version: 1, accounts: { paper: { keyIdLast4: 'ABCD', sealed: Buffer.from('sealed by another machine').toString('base64') } } }));
    expect(vault.read('paper')).toBeUndefined();
    expect(vault.status().storage.reason).toMatch(/could not be unsealed/);
  });
});

describe('EnvCredentialVault (headless)', () => {
  it('reads keys from the environment and refuses to store any, naming the variables', () => {
    const vault = new EnvCredentialVault({ DESK_ALPACA_PAPER_KEY_ID: PAPER.keyId, DESK_ALPACA_PAPER_SECRET_KEY: PAPER.secretKey });
    expect(vault.read('paper')).toEqual(PAPER);
    expect(vault.status()).toMatchObject({ storage: { kind: 'environment', writable: false }, paper: { set: true, keyIdLast4: 'ABCD', source: 'environment' }, live: { set: false } });
    expect(vault.store()).toEqual({ ok: false, error: expect.stringMatching(/DESK_ALPACA_PAPER_KEY_ID and DESK_ALPACA_PAPER_SECRET_KEY/) });
  });
});

describe('broker account requests in the main process', () => {
  function engineStub(): EngineClient & { readonly calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      invoke: (name, params) => {
        calls.push(`${name} ${JSON.stringify(params)}`);
        return Promise.resolve({ ok: true, value: name });
      },
      onStream: () => undefined,
      stop: () => Promise.resolve(),
    };
  }

  it('answers keys and arming itself, never passing keys to the engine, and forwards everything else', async () => {
    const engine = engineStub();
    const clock = new ManualClock(5_000);
    const { client } = withBrokerAccount(engine, new KeychainCredentialVault(safeStorage, file), clock);
    const streamed: StreamMessage[] = [];
    client.onStream((m) => streamed.push(m));

    const set = await client.invoke('broker.credentials.set', { account: 'live', ...LIVE });
    expect(set).toMatchObject({ ok: true, value: { live: { set: true, keyIdLast4: 'WXYZ' } } });
    expect(JSON.stringify(set)).not.toContain(LIVE.secretKey);
    expect(await client.invoke('broker.credentials.set', { account: 'paper', keyId: 'short', secretKey: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });

    // Arming: live endpoint first, the exact phrase, and only for this session.
    expect(await client.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/live endpoint first/) } });
    expect(await client.invoke('broker.mode.set', { endpoint: 'live' })).toMatchObject({ ok: true, value: { endpoint: 'live', armed: false, tradingUrl: 'https://api.alpaca.markets' } });
    expect(await client.invoke('broker.live.arm', { confirm: 'yes' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Type TRADE LIVE exactly/) } });
    expect(await client.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).toMatchObject({ ok: true, value: { armed: true, armedAt: 5_000 } });
    // Clearing the live keys disarms.
    await client.invoke('broker.credentials.clear', { account: 'live' });
    expect(await client.invoke('broker.mode.get', {})).toMatchObject({ ok: true, value: { endpoint: 'live', armed: false } });
    expect(await client.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/live account keys/) } });

    expect(streamed.map((m) => m.stream === 'broker.mode' && (m.payload as { armed: boolean }).armed)).toEqual([false, true, false]);
    expect(await client.invoke('desk.status', {})).toEqual({ ok: true, value: 'desk.status' });
    expect(engine.calls).toEqual(['desk.status {}']);
  });

  it('starts every session paper and unarmed, whatever the last session did', async () => {
    const first = withBrokerAccount(engineStub(), new KeychainCredentialVault(safeStorage, file), new ManualClock(0)).client;
    await first.invoke('broker.credentials.set', { account: 'live', ...LIVE });
    await first.invoke('broker.mode.set', { endpoint: 'live' });
    await first.invoke('broker.live.arm', { confirm: LIVE_ARM_PHRASE });
    const next = withBrokerAccount(engineStub(), new KeychainCredentialVault(safeStorage, file), new ManualClock(0)).client;
    expect(await next.invoke('broker.mode.get', {})).toMatchObject({ ok: true, value: { endpoint: 'paper', armed: false } });
    expect(await next.invoke('broker.credentials.get', {})).toMatchObject({ ok: true, value: { live: { set: true } } });
  });
});
