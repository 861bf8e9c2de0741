import { z } from 'zod';
import { err, ok, type Result } from '../../util/result.js';

/** FINRA Rule 4210: margin accounts below this equity may make at most 3 day trades in 5 business days. */
export const PDT_EQUITY_THRESHOLD = 25_000;
/** FINRA Rule 4210: the 4th day trade inside the window makes the account a pattern day trader. */
export const PDT_MAX_DAY_TRADES = 3;
/** FINRA Rule 4210: the rolling window, in business days, today included. */
export const PDT_WINDOW_BUSINESS_DAYS = 5;

const symbol = z.string().regex(/^[A-Z0-9.^=-]{1,16}$/, 'a symbol is 1-16 upper-case letters, digits or . ^ = -');

/**
 * The limit settings the pre-trade checks enforce. Strict: an unknown key is refused rather than silently
 * ignored, since a misspelt limit the trader believes is in force is worse than an error.
 */
export const riskLimitsSchema = z
  .strictObject({
    /** Shares per order (fat-finger guard). */
    maxOrderQuantity: z.number().positive().finite(),
    /** Quote-currency value of one order at its reference price. */
    maxOrderNotional: z.number().positive().finite(),
    /** Shares held in one symbol, open orders on the same side included. */
    maxPositionQuantity: z.number().positive().finite(),
    /** Gross notional of positions and open orders as a multiple of equity. */
    maxGrossExposure: z.number().positive().max(10),
    /** 1 = cash; 2 = Reg T overnight margin; 4 = day-trading margin. */
    marginMultiplier: z.number().min(1).max(4),
    /** Symbols held or with a working entry order. */
    maxOpenPositions: z.number().int().min(1).max(1_000),
    /** Farthest a limit or stop price may sit from the last price, in percent. */
    priceCollarPct: z.number().positive().max(100),
    /** Orders accepted in any sliding 60-second window. */
    maxOrdersPerMinute: z.number().int().min(1).max(10_000),
    /** An identical order inside this many seconds is taken for a double confirm. */
    duplicateWindowSeconds: z.number().min(0).max(3_600),
    /** Loss since the start of the trading day, in percent of start-of-day equity, that trips the kill switch. */
    dailyLossLimitPct: z.number().positive().max(100),
    /** Minutes after a stop-loss fill during which no new entry is taken on that symbol. */
    stopOutCooldownMinutes: z.number().min(0).max(7 * 24 * 60),
    /** Symbols that may be traded; empty = any symbol the market feed has a price for. */
    symbolAllowlist: z.array(symbol).max(10_000),
    /** Only margin accounts are subject to the pattern-day-trader rule and may sell short. */
    accountType: z.enum(['cash', 'margin']),
  })
  .superRefine((limits, ctx) => {
    if (limits.accountType === 'cash' && limits.marginMultiplier !== 1) {
      ctx.addIssue({ code: 'custom', path: ['marginMultiplier'], message: 'a cash account has no margin: marginMultiplier must be 1' });
    }
    if (new Set(limits.symbolAllowlist).size !== limits.symbolAllowlist.length) {
      ctx.addIssue({ code: 'custom', path: ['symbolAllowlist'], message: 'the allowlist names a symbol twice' });
    }
  });

export type RiskLimits = z.infer<typeof riskLimitsSchema>;

/**
 * Safe defaults for one trader's account of roughly $100k, chosen so that a fat finger, a runaway model
 * or a bad day cannot do lasting damage before a human looks. Each can be raised deliberately.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  // 1,000 shares and $50k: a single order can never be more than half of a $100k account.
  maxOrderQuantity: 1_000,
  maxOrderNotional: 50_000,
  // Two full-size orders per symbol at most, so averaging down cannot quietly double a position twice.
  maxPositionQuantity: 2_000,
  // No leverage until someone says so: gross exposure up to equity.
  maxGrossExposure: 1,
  marginMultiplier: 1,
  // Ten names keeps the book reviewable by one person.
  maxOpenPositions: 10,
  // 5% is wider than any sane breakout entry or limit (entries sit within 1-3% of the last price) and
  // narrower than a misplaced decimal point.
  priceCollarPct: 5,
  // A trader confirming proposals sends a few a minute; 20 stops a loop without hindering a human.
  maxOrdersPerMinute: 20,
  // A double click lands within a second or two.
  duplicateWindowSeconds: 5,
  // 2% of start-of-day equity: a bad day, not a ruinous one (a common prop-desk figure).
  dailyLossLimitPct: 2,
  // Half an hour lets a trader reassess before re-entering a name that just stopped out (no revenge trades).
  stopOutCooldownMinutes: 30,
  // Empty: any symbol the feed prices. A symbol with no price (a typo, a delisted name) is refused.
  symbolAllowlist: [],
  // Margin is the stricter assumption for the day-trade rule; a cash account cannot sell short.
  accountType: 'margin',
});

/** Validates a complete limits object, returning every problem as one readable sentence. */
export function validateRiskLimits(candidate: unknown): Result<RiskLimits> {
  const parsed = riskLimitsSchema.safeParse(candidate);
  if (parsed.success) return ok(parsed.data);
  return err(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'limits'}: ${issue.message}`).join('; '));
}
