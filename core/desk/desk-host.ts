import type { DeskHandlers } from '../contract/desk-api.js';
import { bindInvoke } from '../contract/dispatch.js';
import { DeskFailure, deskError } from '../contract/errors.js';
import type { DeskFeed, FeedConfig } from '../contract/feed-schemas.js';
import { REQUEST_NAMES, STREAM_NAMES, type RequestName } from '../contract/names.js';
import type { Params, ResultOf } from '../contract/requests.js';
import { createDesk, type Desk, type DeskOptions } from './create-desk.js';
import { EnvCredentialVault } from './credential-vault.js';
import { feedConfigProblem } from './feed-config.js';
import { liveRoutingProblem } from './alpaca-order-routing.js';
import { StreamHub } from './stream-hub.js';

/** A desk whose feed can be switched while transports stay bound to it. */
export interface DeskHost extends Desk {
  /** The desk running now; replaced by every successful `feed.set`. */
  current(): Desk;
}

/**
 * Owns the running desk and stands in for it wherever handlers and streams are bound (the server, the
 * Electron engine), so `feed.set` can close the desk and open another on the SAME database without any
 * transport re-binding: handlers forward to whichever desk runs now, and stream listeners live on the
 * host's hub, fed by each desk in turn. Orders and positions persist across a switch because they live
 * in the database's journal and every new desk recovers from it.
 */
export async function createDeskHost(options: DeskOptions): Promise<DeskHost> {
  let desk = await createDesk(options);
  const hub = new StreamHub();
  const forward = (target: Desk): (() => void) => {
    const offs = STREAM_NAMES.map((stream) => target.on(stream, (payload) => hub.emit(stream, payload)));
    return () => offs.forEach((off) => off());
  };
  let unforward = forward(desk);
  let closed = false;
  // One switch at a time: a second feed.set waits for the first, so two desks never open the file at once.
  let switching: Promise<unknown> = Promise.resolve();

  const restart = async (config: FeedConfig): Promise<DeskFeed> => {
    if (closed) throw new DeskFailure(deskError('unavailable', 'The desk is shutting down.'));
    const before = await desk.invoke('feed.get', {});
    if (!before.ok) throw new DeskFailure(before.error);
    const problem = feedConfigProblem(config, before.value.stored, options.credentials ?? new EnvCredentialVault(process.env))
      ?? liveRoutingProblem(config, options.liveRoutingRefusal);
    if (problem !== undefined) throw new DeskFailure(deskError('conflict', `Cannot switch the feed: ${problem}`));
    const previous = before.value.running;
    unforward();
    await desk.close();
    try {
      desk = await createDesk(withFeed(options, config));
    } catch (error) {
      // The old feed comes back, so a failed switch leaves the desk as it was, not stopped.
      const back = await reopen(previous);
      desk = back.desk;
      unforward = forward(desk);
      hub.emit('status', desk.status());
      const reason = error instanceof Error ? error.message : String(error);
      throw new DeskFailure(deskError('conflict', `Cannot switch the feed: ${reason}; ${back.note}.`));
    }
    unforward = forward(desk);
    // Clients learn the new symbols from the status; the renderer reloads the watchlist on it.
    hub.emit('status', desk.status());
    const after = await desk.invoke('feed.get', {});
    if (!after.ok) throw new DeskFailure(after.error);
    return after.value;
  };

  /**
   * The feed that ran before a failed switch, or, when it cannot start again either (an Alpaca feed whose keys were
   * cleared meanwhile), the seeded simulator, so the desk is never left without a feed.
   */
  const reopen = async (previous: DeskFeed['running']): Promise<{ desk: Desk; note: string }> => {
    try {
      return { desk: await createDesk(previous.kind === 'custom' ? options : withFeed(options, previous)), note: 'the previous feed runs again' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const simulator: FeedConfig = { kind: 'simulator', seed: options.seed, speed: options.speed ?? 1 };
      return { desk: await createDesk(withFeed(options, simulator)), note: `the previous feed could not start again (${reason}), so the simulator runs` };
    }
  };

  // Built name by name from the contract's list, so every request forwards; TS cannot follow the mapping.
  const handlers = Object.fromEntries(
    REQUEST_NAMES.map((name) => [name, (params: Params<RequestName>) => call(name, params)]),
  ) as unknown as DeskHandlers;
  function call<K extends RequestName>(name: K, params: Params<K>): ResultOf<K> | Promise<ResultOf<K>> {
    if (name === 'feed.set') {
      const { feed } = params as Params<'feed.set'>;
      const next = switching.then(() => restart(feed));
      switching = next.catch(() => undefined);
      return next as Promise<ResultOf<K>>;
    }
    const handler = desk.handlers[name] as (p: Params<K>) => ResultOf<K> | Promise<ResultOf<K>>;
    return handler(params);
  }

  return {
    get info() {
      return desk.info;
    },
    handlers,
    invoke: bindInvoke(handlers),
    on: (stream, listener) => hub.on(stream, listener),
    status: () => desk.status(),
    idle: () => desk.idle(),
    current: () => desk,
    close: async () => {
      if (closed) return;
      closed = true;
      await switching;
      unforward();
      hub.clear();
      await desk.close();
    },
  };
}

/**
 * The host's options with a chosen feed: a caller-built feed (tests) no longer applies, nor a predictor
 * chosen for it, since a predictor serves one interval and the new feed picks its own.
 */
function withFeed(options: DeskOptions, feed: FeedConfig): DeskOptions {
  const { createFeed: _feed, predictor: _predictor, ...rest } = options;
  return { ...rest, feed };
}
