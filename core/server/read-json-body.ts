import type { IncomingMessage } from 'node:http';
import { deskError, type DeskError } from '../contract/errors.js';
import { err, ok, type Result } from '../util/result.js';

/** Largest request body accepted; desk requests are small, so anything bigger is a mistake or abuse. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Reads a JSON body: only `application/json`, at most `limit` bytes (stops reading past it), and
 * an empty body means no params.
 */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Result<unknown, DeskError>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return err(deskError('unsupported-media-type', `Send JSON with "Content-Type: application/json" (got ${JSON.stringify(type ?? '')}).`));
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return err(tooLarge(limit));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return err(tooLarge(limit));
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return ok(undefined);
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (cause) {
    return err(deskError('bad-json', `The body is not valid JSON: ${(cause as Error).message}.`));
  }
}

function tooLarge(limit: number): DeskError {
  return deskError('payload-too-large', `The body is larger than ${limit} bytes.`);
}
