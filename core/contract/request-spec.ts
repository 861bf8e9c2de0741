import type { z } from 'zod';

/** A request's params schema (validated at every transport boundary) and its result schema. */
export interface RequestSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  /** One line for generated docs and the server's route list. */
  readonly summary: string;
}

