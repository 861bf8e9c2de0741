/** A plain object (not null, not an array) whose fields can be read by name: what untrusted JSON is checked against first. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
