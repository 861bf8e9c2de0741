import type { Desk } from '../core/desk/create-desk.js';
import { createDeskHost } from '../core/desk/desk-host.js';
import { SystemClock } from '../core/time/system-clock.js';
import { RelayedArming } from './engine-arming.js';
import { RelayedCredentialVault } from './engine-credentials.js';
import type { FromEngine, ToEngine } from './engine-messages.js';
import { parseEngineArgv, takeRelayed } from './engine-messages.js';
import { dispatch } from '../core/contract/dispatch.js';
import { STREAM_NAMES } from '../core/contract/names.js';

// Runs in Electron's utility process: the feed, SQLite and (later) the models live here, off the window's
// process, so a slow query or a model load never freezes the UI.
const port = process.parentPort;
const post = (message: FromEngine): void => port.postMessage(message);

async function main(): Promise<void> {
  const args = parseEngineArgv(process.argv);
  // Keys arrive from the main process right after the fork, possibly before the desk is open: listen first.
  const credentials = new RelayedCredentialVault();
  // A new engine starts disarmed: arming comes only from the main process, for this session.
  const arming = new RelayedArming();
  let desk: Desk | undefined = undefined;
  port.on('message', (event: { data: ToEngine }) => {
    const message = event.data;
    if (takeRelayed(message, { credentials, arming })) return;
    // Main sends requests only after 'ready', so the desk is open for every one of them.
    if (desk === undefined) return;
    if (message.type === 'invoke') {
      // The engine validates too: the main process is trusted, but the contract is checked at every boundary.
      void dispatch(desk.handlers, message.name, message.params).then((response) => post({ type: 'result', id: message.id, response }));
    } else {
      void desk.close().then(() => {
        post({ type: 'stopped' });
        process.exit(0);
      });
    }
  });
  let opened: Desk;
  try {
    opened = await createDeskHost({ dbFile: args.dbFile, seed: args.seed, speed: args.speed, clock: new SystemClock(), credentials,
      liveRoutingRefusal: arming.refusal, liveArmed: arming.liveArmed,
    });
  } catch (error) {
    post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  desk = opened;
  for (const stream of STREAM_NAMES) opened.on(stream, (payload) => post({ type: 'stream', message: { stream, payload } }));
  post({ type: 'ready', info: opened.info });
}

void main();
