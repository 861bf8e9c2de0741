import type { Result } from '../util/result.js';
import type { DeskError } from './errors.js';
import type { RequestName, StreamName } from './names.js';
import type { Params, ParamsInput, ResultOf } from './requests.js';
import type { StreamPayload } from './streams.js';

/** Every call's answer: the result, or a typed error. Transports never throw for an expected failure. */
export type DeskResponse<T> = Result<T, DeskError>;

/**
 * What the UI sees as `window.desk`, whatever carries it (Electron IPC or the headless server).
 * `on` returns the unsubscribe function.
 */
export interface DeskApi {
  invoke<K extends RequestName>(name: K, params: ParamsInput<K>): Promise<DeskResponse<ResultOf<K>>>;
  on<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void;
}

/** The engine side: one function per request, called only with validated params. */
export type DeskHandlers = {
  readonly [K in RequestName]: (params: Params<K>) => ResultOf<K> | Promise<ResultOf<K>>;
};

/** A source of stream events on the engine side; transports forward these to their clients. */
export interface DeskEventSource {
  on<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void;
}
