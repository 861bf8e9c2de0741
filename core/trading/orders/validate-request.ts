import { price, quantity, type Price } from '../../market/units.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BracketSpec, OrderRequest } from '../order.js';
import { isRecord } from '../../util/is-record.js';
import { isBlank } from '../../util/is-blank.js';
import type { Writable } from './writable.js';

const SIDES = ['buy', 'sell'];
const TYPES = ['market', 'limit', 'stop', 'stop_limit'];
const TIFS = ['day', 'gtc'];
const ORIGINS = ['proposal', 'manual', 'system'];

/** The suffix of bracket exit ids (see bracket-plan.ts), reserved so a trader's id cannot collide with one. */
const EXIT_ID = /\.(sl|tp)\.\d+$/;

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
/** A string with something besides whitespace. */
const isText = (v: unknown): v is string => typeof v === 'string' && !isBlank(v);
const optionalText = (v: unknown): boolean => v === undefined || typeof v === 'string';

/**
 * Checks an order request's shape before any pre-trade rule sees it: field types, a positive quantity,
 * the prices its type needs (and none it cannot use), and a bracket whose stop-loss and take-profit sit on
 * the right sides of the entry reference price (the limit, else the stop, else the last price for a market
 * entry). Returns the first problem as a sentence the trader can act on.
 */
export function validateOrderRequest(input: unknown, lastPrice: (symbol: string) => Price | undefined): Result<OrderRequest, string> {
  if (!isRecord(input)) return err('an order request must be an object');
  const r = input;
  if (!isText(r['clientOrderId'])) return err('clientOrderId must be a non-empty string');
  if (r['clientOrderId'].length > 128) return err('clientOrderId must be at most 128 characters');
  if (EXIT_ID.test(r['clientOrderId'])) return err('clientOrderId may not end in .sl.<n> or .tp.<n>: those ids name bracket exits');
  if (!isText(r['symbol'])) return err('symbol must be a non-empty string');
  if (typeof r['side'] !== 'string' || !SIDES.includes(r['side'])) return err(`side must be buy or sell, got ${String(r['side'])}`);
  if (typeof r['type'] !== 'string' || !TYPES.includes(r['type'])) return err(`type must be one of ${TYPES.join(', ')}, got ${String(r['type'])}`);
  if (!isPositive(r['quantity'])) return err(`quantity must be a positive number, got ${String(r['quantity'])}`);
  if (typeof r['timeInForce'] !== 'string' || !TIFS.includes(r['timeInForce'])) return err(`timeInForce must be day or gtc, got ${String(r['timeInForce'])}`);
  if (r['reduceOnly'] !== undefined && typeof r['reduceOnly'] !== 'boolean') return err('reduceOnly must be true or false when given');
  const origin = r['origin'];
  if (!isRecord(origin) || typeof origin['kind'] !== 'string' || !ORIGINS.includes(origin['kind'])) {
    return err(`origin.kind must be one of ${ORIGINS.join(', ')}`);
  }
  if (!optionalText(origin['proposalId']) || !optionalText(origin['predictionId']) || !optionalText(origin['modelId'])) {
    return err('origin.proposalId, predictionId and modelId must be strings when given');
  }
  const type = r['type'];
  const needsLimit = type === 'limit' || type === 'stop_limit';
  const needsStop = type === 'stop' || type === 'stop_limit';
  const priceProblem = checkPrice('limitPrice', r['limitPrice'], needsLimit, type) ?? checkPrice('stopPrice', r['stopPrice'], needsStop, type);
  if (priceProblem !== undefined) return err(priceProblem);
  // Built field by field so unknown keys in the input never reach the journal or the broker. Keys come in the order
  // the former spread literal gave them (prices after quantity, reduceOnly before origin, bracket last: not quite
  // the type's order), since key order reaches JSON (contract messages, kept files); tests pin it. Assigned, without
  // a spread per optional field.
  const requestOrigin: Writable<OrderRequest['origin']> = { kind: origin['kind'] as OrderRequest['origin']['kind'] };
  if (typeof origin['proposalId'] === 'string') requestOrigin.proposalId = origin['proposalId'];
  if (typeof origin['predictionId'] === 'string') requestOrigin.predictionId = origin['predictionId'];
  if (typeof origin['modelId'] === 'string') requestOrigin.modelId = origin['modelId'];
  const request = needsLimit || needsStop ? withPrices(r, type, needsLimit, needsStop, requestOrigin) : withoutPrices(r, type, requestOrigin);
  if (r['bracket'] !== undefined) {
    const bracket = checkBracket(request, r['bracket'], lastPrice);
    if (!bracket.ok) return bracket;
    request.bracket = bracket.value;
  }
  return ok(request);
}

/**
 * A market order's request (no prices) as one literal of all its keys, with or without reduceOnly: an object built
 * by adding keys one by one outgrows its first size and re-makes its property store twice per order.
 */
function withoutPrices(r: Record<string, unknown>, type: string, origin: OrderRequest['origin']): Writable<OrderRequest> {
  const clientOrderId = r['clientOrderId'] as string;
  const symbol = r['symbol'] as string;
  const side = r['side'] as OrderRequest['side'];
  const orderType = type as OrderRequest['type'];
  const shares = quantity(r['quantity'] as number);
  const timeInForce = r['timeInForce'] as OrderRequest['timeInForce'];
  if (r['reduceOnly'] === true) return { clientOrderId, symbol, side, type: orderType, quantity: shares, timeInForce, reduceOnly: true, origin };
  return { clientOrderId, symbol, side, type: orderType, quantity: shares, timeInForce, origin };
}

/** A priced order's request, its keys added in the order {@link validateOrderRequest} keeps. */
function withPrices(r: Record<string, unknown>, type: string, needsLimit: boolean, needsStop: boolean, origin: OrderRequest['origin']): Writable<OrderRequest> {
  // Complete once timeInForce and origin are set below, in their place after the optional prices.
  const request = {
    clientOrderId: r['clientOrderId'],
    symbol: r['symbol'],
    side: r['side'] as OrderRequest['side'],
    type: type as OrderRequest['type'],
    quantity: quantity(r['quantity'] as number),
  } as Writable<OrderRequest>;
  if (needsLimit) request.limitPrice = price(r['limitPrice'] as number);
  if (needsStop) request.stopPrice = price(r['stopPrice'] as number);
  request.timeInForce = r['timeInForce'] as OrderRequest['timeInForce'];
  if (r['reduceOnly'] === true) request.reduceOnly = true;
  request.origin = origin;
  return request;
}

function checkPrice(field: string, value: unknown, needed: boolean, type: string): string | undefined {
  if (needed && !isPositive(value)) return `a ${type} order needs ${field} as a positive number, got ${String(value)}`;
  if (!needed && value !== undefined) return `a ${type} order takes no ${field}`;
  return undefined;
}

function checkBracket(request: OrderRequest, bracket: unknown, lastPrice: (symbol: string) => Price | undefined): Result<BracketSpec, string> {
  if (!isRecord(bracket) || !isPositive(bracket['stopLoss']) || !isPositive(bracket['takeProfit'])) {
    return err('bracket needs stopLoss and takeProfit as positive numbers');
  }
  if (request.reduceOnly === true) return err('a bracket entry opens a position, so it cannot be reduce-only');
  const reference = request.limitPrice ?? request.stopPrice ?? lastPrice(request.symbol);
  if (reference === undefined) return err(`no last price for ${request.symbol} to check the bracket of a market entry against`);
  const { stopLoss, takeProfit } = bracket;
  if (request.side === 'buy' && !(stopLoss < reference && reference < takeProfit)) {
    return err(`a buy bracket needs stopLoss < entry ${reference} < takeProfit, got stopLoss ${stopLoss}, takeProfit ${takeProfit}`);
  }
  if (request.side === 'sell' && !(takeProfit < reference && reference < stopLoss)) {
    return err(`a sell bracket needs takeProfit < entry ${reference} < stopLoss, got stopLoss ${stopLoss}, takeProfit ${takeProfit}`);
  }
  return ok({ stopLoss: price(stopLoss), takeProfit: price(takeProfit) });
}
