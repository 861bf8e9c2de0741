/**
 * `T` without `readonly`: for the one object a builder fills field by field (key order matters, and a spread per
 * optional field is slow) before handing it out as the read-only `T`.
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
