import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { deskError } from '../core/contract/errors.js';
import { isRequestName, REQUEST_NAMES } from '../core/contract/names.js';
import { deskRequests } from '../core/contract/requests.js';
import type { StreamMessage } from '../core/contract/streams.js';
import { err } from '../core/util/result.js';
import type { EngineClient } from './engine-process.js';
import { IPC_INVOKE, IPC_STREAM } from './ipc-channels.js';
import { isTrustedUrl } from './trusted-origin.js';

/**
 * Binds the desk contract to IPC. The sender is re-checked here (top frame of our own page), because a
 * compromised or navigated frame can still reach ipcRenderer through the preload. Params are checked
 * against the contract here as well as in the engine, so a malformed call never crosses into the engine
 * process at all.
 */
export function bindDeskIpc(ipcMain: IpcMain, engine: EngineClient, trustedUrl: string): (target: WebContents) => () => void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, name: unknown, params: unknown) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null || !isTrustedUrl(frame.url, trustedUrl)) {
      return err(deskError('forbidden', 'IPC from a frame that is not the desk window.'));
    }
    if (!isRequestName(name)) {
      return err(deskError('unknown-request', `Unknown request ${JSON.stringify(name)}; known: ${REQUEST_NAMES.join(', ')}.`));
    }
    const parsed = deskRequests[name].params.safeParse(params ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
      const detail = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
      return err(deskError('invalid-params', `Invalid params for ${name}: ${detail}.`, issues));
    }
    return engine.invoke(name, params);
  });
  const targets = new Set<WebContents>();
  engine.onStream((message: StreamMessage) => {
    for (const target of targets) if (!target.isDestroyed()) target.send(IPC_STREAM, message);
  });
  return (target) => {
    targets.add(target);
    return () => targets.delete(target);
  };
}
