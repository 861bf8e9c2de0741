import { useState, type FormEvent } from 'react';
import type { DeskApi } from '../../../core/contract/index.js';
import { LIVE_ARM_PHRASE, type BrokerAccount, type CredentialsStatus } from '../../../core/contract/requests/broker-requests.js';
import { useBroker } from '../stores/broker-store.js';

/**
 * The broker section of the settings: Alpaca keys per account (stored in the OS keychain by the desktop app;
 * a headless desk says where to put them instead), the endpoint, and the per-session step that arms live
 * trading. The secret field is write-only: the desk answers "set" and the key id's last four characters.
 */
export function BrokerSettings() {
  // The header's endpoint badge starts the store with the desk; this section uses the same one.
  const { desk, load, mode, credentials } = useBroker();
  if (desk === undefined) return null;
  if (load.kind === 'error') return <p className="error inline" role="alert" data-testid="broker-settings">Broker settings unavailable: {load.message}</p>;
  if (mode === undefined || credentials === undefined) return <p className="muted" data-testid="broker-settings">Loading the broker settings…</p>;
  return (
    <div className="feed-settings" data-testid="broker-settings">
      <KeysForm desk={desk} account="paper" credentials={credentials} />
      <KeysForm desk={desk} account="live" credentials={credentials} />
      <EndpointForm desk={desk} liveKeysSet={credentials.live.set} />
    </div>
  );
}

function KeysForm({ desk, account, credentials }: { readonly desk: DeskApi; readonly account: BrokerAccount; readonly credentials: CredentialsStatus }) {
  const saveKeys = useBroker((s) => s.saveKeys);
  const clearKeys = useBroker((s) => s.clearKeys);
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const status = credentials[account];
  const storage = credentials.storage;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = await saveKeys(desk, account, keyId.trim(), secret.trim());
    // The secret leaves the page state either way: it is never shown again.
    setSecret('');
    if (problem === undefined) setKeyId('');
    setMessage(problem === undefined ? { ok: true, text: 'Saved in the OS keychain.' } : { ok: false, text: problem });
  };
  const clear = async () => {
    const problem = await clearKeys(desk, account);
    setMessage(problem === undefined ? { ok: true, text: 'Keys removed.' } : { ok: false, text: problem });
  };
  const title = account === 'paper' ? 'Alpaca paper keys' : 'Alpaca live keys';
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={title} data-testid={`broker-keys-${account}`}>
      <h3>{title}</h3>
      <span className="contents" data-testid={`broker-keys-${account}-status`}>
        {status.set ? `Set (key id …${status.keyIdLast4 ?? ''}, from the ${status.source === 'environment' ? 'environment' : 'OS keychain'})` : 'Not set'}
      </span>
      {storage.writable ? (
        <>
          <label className="contents">
            <span>Key id</span>
            <input data-testid={`broker-${account}-key-id`} autoComplete="off" spellCheck={false} value={keyId} onChange={(e) => setKeyId(e.target.value)} />
          </label>
          <label className="contents">
            <span>Secret key</span>
            <input data-testid={`broker-${account}-secret`} type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={keyId.trim() === '' || secret.trim() === ''}>Save keys</button>
            {status.set && <button type="button" data-testid={`broker-${account}-clear`} onClick={() => void clear()}>Remove</button>}
          </div>
        </>
      ) : (
        // The reason is the same for both accounts: shown once, under the paper keys.
        account === 'paper' && <span className="muted" data-testid="broker-keys-reason" style={{ gridColumn: '1 / -1', maxWidth: 360 }}>{storage.reason}</span>
      )}
      {message !== undefined && <span className={message.ok ? 'ok-text' : 'error inline'} role={message.ok ? undefined : 'alert'} style={{ gridColumn: '1 / -1', maxWidth: 360 }}>{message.text}</span>}
    </form>
  );
}

function EndpointForm({ desk, liveKeysSet }: { readonly desk: DeskApi; readonly liveKeysSet: boolean }) {
  const { mode, setEndpoint, arm, disarm } = useBroker();
  const [phrase, setPhrase] = useState('');
  const [message, setMessage] = useState<string | undefined>(undefined);
  if (mode === undefined) return null;
  const live = mode.endpoint === 'live';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(await arm(desk, phrase));
    setPhrase('');
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Trading endpoint" data-testid="broker-endpoint">
      <h3>Trading endpoint</h3>
      <label className="contents">
        <span>Orders go to</span>
        <select data-testid="broker-endpoint-select" value={mode.endpoint} onChange={(e) => void setEndpoint(desk, e.target.value === 'live' ? 'live' : 'paper').then(setMessage)}>
          <option value="paper">Paper</option>
          <option value="live">Live</option>
        </select>
      </label>
      <span className="muted" style={{ gridColumn: '1 / -1', maxWidth: 360 }}>{mode.summary} ({mode.tradingUrl})</span>
      {live && !mode.armed && (
        <>
          <label className="contents">
            <span>Type {LIVE_ARM_PHRASE}</span>
            <input data-testid="broker-arm-phrase" autoComplete="off" spellCheck={false} value={phrase} onChange={(e) => setPhrase(e.target.value)} />
          </label>
          <div className="form-actions">
            <button type="submit" className="danger" data-testid="broker-arm" disabled={!liveKeysSet}>Arm live trading for this session</button>
          </div>
          {!liveKeysSet && <span className="muted" style={{ gridColumn: '1 / -1' }}>Enter the live keys first.</span>}
        </>
      )}
      {live && mode.armed && (
        <div className="form-actions">
          <button type="button" className="ok" data-testid="broker-disarm" onClick={() => void disarm(desk).then(setMessage)}>Disarm live trading</button>
        </div>
      )}
      {message !== undefined && <span className="error inline" role="alert" style={{ gridColumn: '1 / -1', maxWidth: 360 }}>{message}</span>}
    </form>
  );
}
