import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ParamsInput, RequestName, ResultOf } from '../../core/contract/index.js';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm start --headless` as a child process, with the URL it printed. */
export interface StartedDesk {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  /** Sends Ctrl-C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs bin/start.js exactly as `npm start` does and waits until it prints the URL to open. */
export function startDeskProcess(args: readonly string[], timeoutMs = 60_000): Promise<StartedDesk> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'start.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(output)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({
          child,
          url,
          output: () => output,
          stop: () => {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`start.js exited with ${code} before printing a URL:\n${output}`));
    });
  });
}

/** One contract call over HTTP with the printed URL's token, as a script would make it; a refusal throws. */
export async function invokeOverHttp<K extends RequestName>(deskUrl: string, name: K, params: ParamsInput<K>): Promise<ResultOf<K>> {
  const { origin, hash } = new URL(deskUrl);
  const res = await fetch(`${origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hash.replace('#token=', '')}` },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as { ok: true; value: ResultOf<K> } | { ok: false; error: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error.message}`);
  return body.value;
}
