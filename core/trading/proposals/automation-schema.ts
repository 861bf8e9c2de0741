import { z } from 'zod';
import { err, ok, type Result } from '../../util/result.js';
import type { AutomationPolicy } from './automation.js';

/** One symbol's or model's rule. Strict, so a misspelt field is refused rather than silently ignored. */
export const automationRuleSchema = z.strictObject({
  enabled: z.boolean(),
  minConfidence: z.number().min(0).max(1),
  maxPositionWeight: z.number().positive().max(1),
});

const ruleMap = z.record(z.string().min(1).max(64), automationRuleSchema);

/** Which symbols or models may be confirmed without the trader; empty = off everywhere. */
export const automationPolicySchema = z.strictObject({ bySymbol: ruleMap.optional(), byModel: ruleMap.optional() });

/** Parses a policy from the wire or the settings table; the error names every bad field. */
export function validateAutomationPolicy(candidate: unknown): Result<AutomationPolicy> {
  const parsed = automationPolicySchema.safeParse(candidate);
  if (!parsed.success) return err(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'policy'}: ${issue.message}`).join('; '));
  const { bySymbol, byModel } = parsed.data;
  // Optional keys parsed as undefined are dropped so the policy compares and serialises as it was written.
  return ok({ ...(bySymbol === undefined ? {} : { bySymbol }), ...(byModel === undefined ? {} : { byModel }) });
}
