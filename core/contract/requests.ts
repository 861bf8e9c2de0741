import { z } from 'zod';
import type { RequestName } from './names.js';
import type { RequestSpec } from './request-spec.js';
import { backtestRequests } from './requests/backtest-requests.js';
import { brokerRequests } from './requests/broker-requests.js';
import { modelOpsRequests } from './requests/model-ops-requests.js';
import { newsRequests } from './requests/news-requests.js';
import { feedConfigSchema, deskFeedSchema, importCsvParamsSchema, importReportSchema } from './feed-schemas.js';
import { mlModelsSchema, riskOptimizationSchema, sentimentSchema, symbolBreakoutSchema } from './ml-schemas.js';
import { barSchema, deskStatusSchema, intervalSchema, mlHealthSchema, quoteSchema, symbolSchema } from './schemas.js';
import {
  automationPolicySchema,
  automationStateSchema,
  killSwitchStateSchema,
  orderSchema,
  portfolioSummarySchema,
  proposalSchema,
  riskLimitsPatchSchema,
  riskLimitsSchema,
} from './trading-schemas.js';

const noParams = z.strictObject({});

/** An id the desk made (proposal, client order): bounded, printable, no whitespace. */
const idSchema = z.string().min(1, 'id is empty').max(128, 'id is longer than 128 characters').regex(/^[\x21-\x7e]+$/, 'id may contain only printable characters without spaces');
/** A reason the audit trail keeps: something a person wrote, not blank. */
const reasonSchema = z.string().trim().min(1, 'a reason is required').max(500, 'reason is longer than 500 characters');
const listLimit = z.number().int().min(1).max(1_000).optional();
/** The one paper account the desk runs; the ticket's route names a portfolio, so it is checked. */
export const PAPER_PORTFOLIO_ID = 'paper';
/** Most symbols one batch call answers for. */
export const MAX_BATCH_SYMBOLS = 100;

/** Most bars one `market.bars` call returns; the chart needs far fewer, and this bounds a reply's size. */
export const MAX_BARS_PER_REQUEST = 50_000;

/**
 * The whole request surface of the desk, in the style of Actual's `Handlers`: name → params and result.
 * `satisfies` makes a name missing here, or one not listed in names.ts, a compile error.
 */
export const deskRequests = {
  'desk.status': { params: noParams, result: deskStatusSchema, summary: 'What the desk runs and where.' },
  'market.symbols': { params: noParams, result: z.array(quoteSchema), summary: 'Watchlist quotes for the feed symbols.' },
  'market.bars': {
    params: z.strictObject({
      symbol: symbolSchema,
      interval: intervalSchema.optional(),
      limit: z.number().int().min(1).max(MAX_BARS_PER_REQUEST).optional(),
    }),
    result: z.array(barSchema),
    summary: 'Stored bars of a symbol, oldest first (the most recent `limit`).',
  },
  'proposals.list': {
    params: z.strictObject({ limit: listLimit }),
    result: z.object({ pending: z.array(proposalSchema), recent: z.array(proposalSchema) }),
    summary: 'Pending proposals (oldest first) and the most recently decided ones (newest first).',
  },
  'proposals.confirm': {
    params: z.strictObject({ proposalId: idSchema }),
    result: proposalSchema,
    summary: 'Confirm a pending proposal: its order goes through the pre-trade checks (refusal: order-denied with the rule).',
  },
  'proposals.edit': {
    params: z.strictObject({
      proposalId: idSchema,
      quantity: z.number().int().positive().max(1e9).optional(),
      stopLoss: z.number().positive().finite().optional(),
      takeProfit: z.number().positive().finite().optional(),
    }),
    result: proposalSchema,
    summary: 'Change quantity, stop or target of a pending proposal; re-checked against geometry and limits.',
  },
  'proposals.reject': {
    params: z.strictObject({ proposalId: idSchema, reason: reasonSchema }),
    result: proposalSchema,
    summary: 'Reject a pending proposal with a reason.',
  },
  'orders.list': {
    params: z.strictObject({ limit: listLimit }),
    result: z.object({ open: z.array(orderSchema), recent: z.array(orderSchema) }),
    summary: 'Working orders and the most recently updated ones (newest first).',
  },
  'orders.cancel': {
    params: z.strictObject({ clientOrderId: idSchema }),
    result: orderSchema,
    summary: 'Cancel a working order.',
  },
  'portfolio.summary': { params: noParams, result: portfolioSummarySchema, summary: 'Cash, equity, P&L, positions and the equity curve.' },
  'risk.killSwitch.get': { params: noParams, result: killSwitchStateSchema, summary: 'Whether the kill switch is on.' },
  'risk.killSwitch.set': {
    params: z.strictObject({ on: z.boolean(), reason: reasonSchema }),
    result: killSwitchStateSchema,
    summary: 'Turn the global kill switch on (working entries are cancelled, new risk refused) or off.',
  },
  'risk.limits.get': { params: noParams, result: riskLimitsSchema, summary: 'The pre-trade limits in force.' },
  'risk.limits.update': {
    params: z.strictObject({ patch: riskLimitsPatchSchema, reason: reasonSchema.optional() }),
    result: riskLimitsSchema,
    summary: 'Change some limits; the whole set is validated again and the change is audited.',
  },
  'automation.get': { params: noParams, result: automationStateSchema, summary: 'Automation rules (off unless set) and the proposal TTL.' },
  'automation.set': {
    params: z.strictObject({ policy: automationPolicySchema, reason: reasonSchema.optional() }),
    result: automationStateSchema,
    summary: "Replace the automation rules; stored in the settings table ('automation'), so they survive a restart, and the change is audited as a risk event.",
  },
  'ml.health': { params: noParams, result: mlHealthSchema, summary: 'Model health and the fallback in use.' },
  'ml.models': { params: noParams, result: mlModelsSchema, summary: 'Active model versions, health, fallback state and reason.' },
  'ml.breakout': {
    params: z.strictObject({ symbol: symbolSchema }),
    result: symbolBreakoutSchema,
    summary: "A symbol's latest breakout prediction, or null with the reason.",
  },
  'ml.batchBreakout': {
    params: z.strictObject({ symbols: z.array(symbolSchema).min(1, 'give at least one symbol').max(MAX_BATCH_SYMBOLS) }),
    result: z.array(symbolBreakoutSchema),
    summary: 'ml.breakout for many symbols, in the order given.',
  },
  'ml.sentiment': {
    params: z.strictObject({ symbol: symbolSchema }),
    result: sentimentSchema,
    summary: "The sentiment features of a symbol's latest bar and where they came from.",
  },
  'ml.risk': {
    params: z.strictObject({ portfolioId: idSchema, symbol: symbolSchema }),
    result: riskOptimizationSchema,
    summary: 'Position size, stop, target, max drawdown and volatility adjustment for a symbol from the risk model (or its baseline, with the reason), the baseline beside it.',
  },
  'feed.get': { params: noParams, result: deskFeedSchema, summary: 'The running feed and the stored series a replay can use.' },
  'feed.set': {
    params: z.strictObject({ feed: feedConfigSchema }),
    result: deskFeedSchema,
    summary: 'Restart the session on another feed (same database, orders and positions kept); a replay needs stored bars of every symbol.',
  },
  'data.importCsv': {
    params: importCsvParamsSchema,
    result: importReportSchema,
    summary: 'Import one bar CSV (symbol from the file name): stored whole minus rejected rows, or not at all.',
  },
  ...modelOpsRequests,
  ...backtestRequests,
  ...brokerRequests,
  ...newsRequests,
} as const satisfies Record<RequestName, RequestSpec>;

export type { RequestSpec } from './request-spec.js';
export type DeskRequests = typeof deskRequests;
/** What a caller may send (defaults not yet applied). */
export type ParamsInput<K extends RequestName> = z.input<DeskRequests[K]['params']>;
/** What a handler receives after validation. */
export type Params<K extends RequestName> = z.output<DeskRequests[K]['params']>;
export type ResultOf<K extends RequestName> = z.output<DeskRequests[K]['result']>;
