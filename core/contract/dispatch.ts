import type { z } from 'zod';
import { err, ok } from '../util/result.js';
import type { DeskApi, DeskHandlers, DeskResponse } from './desk-api.js';
import { DeskFailure, deskError, type DeskErrorIssue } from './errors.js';
import { isRequestName, REQUEST_NAMES, type RequestName } from './names.js';
import { deskRequests, type Params, type ParamsInput, type ResultOf } from './requests.js';

/**
 * The one boundary check every transport goes through: an unknown name or params that fail the schema
 * get a typed error and the handler is never called, so invalid input changes nothing. A handler that
 * throws is reported as `internal` instead of crashing the transport; one that throws a `DeskFailure` gets its
 * typed error passed through.
 */
export async function dispatch(handlers: DeskHandlers, name: unknown, params: unknown): Promise<DeskResponse<unknown>> {
  if (!isRequestName(name)) {
    return err(deskError('unknown-request', `Unknown request ${JSON.stringify(name)}; known: ${REQUEST_NAMES.join(', ')}.`));
  }
  return dispatchKnown(handlers, name, params);
}

async function dispatchKnown<K extends RequestName>(handlers: DeskHandlers, name: K, params: unknown): Promise<DeskResponse<ResultOf<K>>> {
  const parsed = deskRequests[name].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    const detail = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
    return err(deskError('invalid-params', `Invalid params for ${name}: ${detail}.`, issues));
  }
  // The schema for `name` produced this value, so it has the handler's param type.
  const handler = handlers[name] as (p: Params<K>) => ResultOf<K> | Promise<ResultOf<K>>;
  try {
    return ok(await handler(parsed.data as Params<K>));
  } catch (cause) {
    if (cause instanceof DeskFailure) return err(cause.error);
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err(deskError('internal', `${name} failed: ${reason}`));
  }
}

function toIssues(error: z.ZodError): DeskErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** An in-process `invoke` over handlers, through the same validation as every transport. */
export function bindInvoke(handlers: DeskHandlers): DeskApi['invoke'] {
  return <K extends RequestName>(name: K, params: ParamsInput<K>) =>
    // dispatch checked params against K's schema and ran K's handler, so the value is ResultOf<K>.
    dispatch(handlers, name, params) as Promise<DeskResponse<ResultOf<K>>>;
}
