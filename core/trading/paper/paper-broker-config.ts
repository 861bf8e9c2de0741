import { z } from 'zod';
import { err, ok, type Result } from '../../util/result.js';

/**
 * How the paper broker prices and sizes fills. Every field has a default chosen to err against the trader:
 * a backtest that pays a little too much is safer than one that flatters the strategy.
 */
export interface PaperBrokerConfig {
  /**
   * Basis points added to the price of a buy and taken off a sell, on market fills and stop fills (a stop
   * becomes a market order when it triggers). Limit and stop-limit fills get none: the limit bounds them.
   * Default 5 bps.
   */
  readonly slippageBps: number;
  readonly commission: CommissionConfig;
  /**
   * Largest share of a bar's volume that all of our orders in that symbol together may take, in (0, 1].
   * What is left of an order stays working for the next bar. Default 0.1 (10%).
   */
  readonly maxParticipation: number;
  /**
   * May an order fill on a bar that opened before the order was accepted? Default false: an order accepted
   * after bar t closed fills from bar t+1 at the earliest, so a backtest never trades on a bar's open with a
   * decision taken from that bar's close. True only drops that time check (any bar delivered after the
   * submit may fill it) and is optimistic.
   */
  readonly fillOnAcceptanceBar: boolean;
}

/**
 * Commission of an order: `max(minimumPerOrder, perShare × filled shares) + bps × filled notional`. The minimum
 * applies once per order, not per partial fill, so an order split across bars costs what it would in one piece.
 * Defaults: $0.005 per share, $1.00 minimum, 0 bps (a common US retail direct-access schedule).
 */
export interface CommissionConfig {
  readonly perShare: number;
  readonly minimumPerOrder: number;
  readonly bps: number;
}

export const DEFAULT_PAPER_BROKER_CONFIG: PaperBrokerConfig = {
  slippageBps: 5,
  commission: { perShare: 0.005, minimumPerOrder: 1, bps: 0 },
  maxParticipation: 0.1,
  fillOnAcceptanceBar: false,
};

const nonNegative = z.number().finite().nonnegative();

const commissionSchema = z
  .object({
    perShare: nonNegative.default(DEFAULT_PAPER_BROKER_CONFIG.commission.perShare),
    minimumPerOrder: nonNegative.default(DEFAULT_PAPER_BROKER_CONFIG.commission.minimumPerOrder),
    bps: nonNegative.max(10_000).default(DEFAULT_PAPER_BROKER_CONFIG.commission.bps),
  })
  .strict();

const configSchema = z
  .object({
    // Above 100% the sell price of a slipped fill would turn negative.
    slippageBps: nonNegative.max(10_000).default(DEFAULT_PAPER_BROKER_CONFIG.slippageBps),
    commission: commissionSchema.default(DEFAULT_PAPER_BROKER_CONFIG.commission),
    maxParticipation: z.number().finite().gt(0).max(1).default(DEFAULT_PAPER_BROKER_CONFIG.maxParticipation),
    fillOnAcceptanceBar: z.boolean().default(DEFAULT_PAPER_BROKER_CONFIG.fillOnAcceptanceBar),
  })
  .strict();

/** What a caller may pass: any subset of the fields; the rest take their defaults. */
export type PaperBrokerConfigInput = z.input<typeof configSchema>;

/**
 * Validates a (partial) configuration and fills in the defaults. Unknown keys are refused, so a misspelt
 * setting is an error rather than a silently ignored default.
 */
export function parsePaperBrokerConfig(input: unknown = {}): Result<PaperBrokerConfig, string> {
  const parsed = configSchema.safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data);
  const detail = parsed.error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
  return err(`Invalid paper broker config: ${detail}.`);
}
