import { SCHEMA_BY_TYPE, type StreamMessage } from './stream-messages.js';

/** Why one frame, or one element of it, was not used. `index` is the element in the array, -1 for the frame. */
export interface FrameProblem {
  readonly index: number;
  readonly reason: string;
}

export interface ParsedFrame {
  readonly messages: readonly StreamMessage[];
  /** Elements (or the whole frame) that failed validation: counted and reported, never half-used. */
  readonly problems: readonly FrameProblem[];
  /** Elements with a `T` this adapter does not know: newer server features, skipped on purpose. */
  readonly unknown: number;
}

const MAX_QUOTED = 80;

/**
 * Parses one data-stream frame: a JSON array of objects keyed by `T` (protocol note A.3). Each element is
 * validated on its own, so one bad element in a batch costs that element only, and nothing in it is used.
 */
export function parseFrame(text: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { messages: [], problems: [{ index: -1, reason: `frame is not JSON (${(error as Error).message}): ${quote(text)}` }], unknown: 0 };
  }
  if (!Array.isArray(raw)) return { messages: [], problems: [{ index: -1, reason: `frame is not a JSON array: ${quote(text)}` }], unknown: 0 };
  const messages: StreamMessage[] = [];
  const problems: FrameProblem[] = [];
  let unknown = 0;
  raw.forEach((element: unknown, index) => {
    const type = typeof element === 'object' && element !== null ? (element as { T?: unknown }).T : undefined;
    if (typeof type !== 'string') {
      problems.push({ index, reason: `element ${index} has no string "T": ${quote(JSON.stringify(element) ?? String(element))}` });
      return;
    }
    const schema = SCHEMA_BY_TYPE[type];
    if (schema === undefined) {
      unknown++;
      return;
    }
    const parsed = schema.safeParse(element);
    if (parsed.success) messages.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? '' : ` at "${issue.path.join('.')}"`;
      const symbol = (element as { S?: unknown }).S;
      const who = typeof symbol === 'string' ? ` for ${symbol}` : '';
      problems.push({ index, reason: `"${type}" message${who} invalid${where}: ${issue?.message ?? 'unknown issue'}` });
    }
  });
  return { messages, problems, unknown };
}

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}
