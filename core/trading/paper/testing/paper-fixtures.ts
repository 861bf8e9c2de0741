import type { Bar } from '../../../market/bar.js';
import type { Interval } from '../../../market/interval.js';
import { epochMs, price, quantity } from '../../../market/units.js';
import { ManualClock } from '../../../time/manual-clock.js';
import type { ExecutionReport } from '../../broker.js';
import type { Order } from '../../order.js';
import { PaperBroker } from '../paper-broker.js';
import type { PaperBrokerConfigInput } from '../paper-broker-config.js';
import type { SessionCalendar } from '../session-calendar.js';

/** 2024-01-02T00:00:00Z: daily bar `i` opens at DAY0 + i days. */
export const DAY0 = 1_704_153_600_000;
export const DAY_MS = 86_400_000;

/** A bar from plain numbers: `at` is a day index for daily bars, or an absolute open time via `time`. */
export function ohlc(
  at: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume = 1_000_000,
  extra: { symbol?: string; interval?: Interval; time?: number } = {},
): Bar {
  return {
    symbol: extra.symbol ?? 'AAPL',
    interval: extra.interval ?? '1d',
    time: epochMs(extra.time ?? DAY0 + at * DAY_MS),
    open: price(open),
    high: price(high),
    low: price(low),
    close: price(close),
    volume: quantity(volume),
  };
}

type OrderFields = Omit<Partial<Order>, 'quantity' | 'limitPrice' | 'stopPrice'> & {
  quantity?: number;
  limitPrice?: number;
  stopPrice?: number;
};

/** An order as the order path would hand it over: a market buy of 100 AAPL, good till cancelled, unless told. */
export function paperOrder(clientOrderId: string, fields: OrderFields = {}): Order {
  const { quantity: qty, limitPrice, stopPrice, ...rest } = fields;
  return {
    clientOrderId,
    symbol: 'AAPL',
    side: 'buy',
    type: 'market',
    timeInForce: 'gtc',
    origin: { kind: 'manual' },
    status: 'new',
    leg: 'single',
    filledQuantity: quantity(0),
    createdAt: epochMs(0),
    updatedAt: epochMs(0),
    ...rest,
    quantity: quantity(qty ?? 100),
    ...(limitPrice === undefined ? {} : { limitPrice: price(limitPrice) }),
    ...(stopPrice === undefined ? {} : { stopPrice: price(stopPrice) }),
  };
}

/** No slippage, no commission, no volume cap: the settings under which prices are easiest to read. */
export const FRICTIONLESS: PaperBrokerConfigInput = {
  slippageBps: 0,
  commission: { perShare: 0, minimumPerOrder: 0, bps: 0 },
  maxParticipation: 1,
};

export interface PaperHarness {
  readonly broker: PaperBroker;
  readonly clock: ManualClock;
  readonly reports: ExecutionReport[];
  /** The fill reports so far, flattened to what tests compare. */
  fills(): { id: string; order: string; quantity: number; price: number; commission: number; time: number }[];
}

/** A broker with a recording listener; throws on a bad config because a test fixture should fail loudly. */
export function paperHarness(config: PaperBrokerConfigInput = FRICTIONLESS, sessions?: SessionCalendar): PaperHarness {
  const clock = new ManualClock(DAY0);
  const created = PaperBroker.create({ clock, config, ...(sessions === undefined ? {} : { sessions }) });
  if (!created.ok) throw new Error(created.error);
  const broker = created.value;
  const reports: ExecutionReport[] = [];
  broker.onReport((r) => reports.push(r));
  return {
    broker,
    clock,
    reports,
    fills: () =>
      reports.flatMap((r) =>
        r.kind === 'fill'
          ? [{ id: r.fill.id, order: r.clientOrderId, quantity: r.fill.quantity, price: r.fill.price, commission: r.fill.commission, time: r.time }]
          : [],
      ),
  };
}
