import { useState, type FormEvent } from 'react';

export interface RegisterVersionProps {
  readonly model: string;
  readonly busy: boolean;
  readonly refusal: { readonly dir: string; readonly message: string } | undefined;
  readonly onRegister: (dir: string, reason: string) => Promise<string | undefined>;
}

/**
 * Registers a version folder from the desk's machine. The registry verifies it (file hashes, schema hash,
 * golden vectors, metric gates); a refusal stays on screen with its reason until the next attempt.
 */
export function RegisterVersion({ model, busy, refusal, onRegister }: RegisterVersionProps) {
  const [dir, setDir] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const blocked = dir.trim() === '' ? 'Give the version folder.' : reason.trim() === '' ? 'A reason is required.' : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked !== undefined || busy) return;
    setDone(undefined);
    const error = await onRegister(dir.trim(), reason.trim());
    if (error === undefined) setDone(`Registered ${dir.trim()}.`);
  };
  return (
    <form className="register-version" onSubmit={(e) => void submit(e)} data-testid="register-version">
      <span className="plot-title">Register a version of {model}</span>
      <input placeholder="/path/to/models/breakout/v2-…" value={dir} onChange={(e) => setDir(e.target.value)} data-testid="register-dir" aria-label="Version folder" />
      <input placeholder="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="register-reason" aria-label="Reason" />
      <button type="submit" disabled={blocked !== undefined || busy} title={blocked}>Verify and register</button>
      {refusal !== undefined && (
        <p className="error inline" role="alert" data-testid="register-refusal">
          {refusal.message}
        </p>
      )}
      {done !== undefined && refusal === undefined && <p className="ok-text">{done}</p>}
    </form>
  );
}
