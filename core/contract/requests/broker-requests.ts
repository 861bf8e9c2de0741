import { z } from 'zod';
import type { RequestSpec } from '../request-spec.js';
import type { BROKER_REQUEST_NAMES } from '../names/broker-names.js';

/** The two Alpaca accounts a desk can hold keys for: paper (paper-api) and live (api). */
export const brokerAccountSchema = z.enum(['paper', 'live']);
export type BrokerAccount = z.infer<typeof brokerAccountSchema>;

/**
 * The phrase a trader types to arm live trading for this session: typing it (not a click) is the point, so
 * a stray confirm never sends real orders.
 */
export const LIVE_ARM_PHRASE = 'TRADE LIVE';

const accountStatusSchema = z.object({
  set: z.boolean(),
  /** Last four characters of the key id, so the trader can tell keys apart; never the secret. */
  keyIdLast4: z.string().nullable(),
  /** Where the keys come from: the OS keychain (desktop) or the environment (headless). */
  source: z.enum(['keychain', 'environment']).nullable(),
});

/** What the desk knows about stored keys: set or not and the key id's last four characters. Never a secret. */
export const credentialsStatusSchema = z.object({
  storage: z.object({
    /** 'keychain': Electron safeStorage (OS keychain); 'environment': headless, read-only from env vars. */
    kind: z.enum(['keychain', 'environment']),
    /** Whether `broker.credentials.set` can store keys here. */
    writable: z.boolean(),
    /** Why keys cannot be stored here, and what to do instead; null when they can. */
    reason: z.string().nullable(),
  }),
  paper: accountStatusSchema,
  live: accountStatusSchema,
});
export type CredentialsStatus = z.infer<typeof credentialsStatusSchema>;

/** Which Alpaca endpoint orders would go to, and whether live trading is armed for this session. */
export const brokerModeSchema = z.object({
  endpoint: brokerAccountSchema,
  /** The trading REST base orders go to (paper-api or api). */
  tradingUrl: z.string(),
  /** Live only: armed by the trader in this session. Never stored: every start is unarmed. */
  armed: z.boolean(),
  armedAt: z.number().nullable(),
  /** One line for the header: what happens to an order now. */
  summary: z.string(),
});
export type BrokerMode = z.infer<typeof brokerModeSchema>;

const keyIdSchema = z.string().trim().min(8, 'the key id is shorter than 8 characters').max(128, 'the key id is longer than 128 characters')
  .regex(/^[A-Za-z0-9]+$/, 'the key id has only letters and digits');
const secretSchema = z.string().trim().min(16, 'the secret is shorter than 16 characters').max(256, 'the secret is longer than 256 characters')
  .regex(/^[\x21-\x7e]+$/, 'the secret has no spaces or control characters');

/** Params and result schemas of the names in `names/broker-names.ts`; a missing or extra entry is a compile error. */
export const brokerRequests = {
  'broker.credentials.get': {
    params: z.strictObject({}),
    result: credentialsStatusSchema,
    summary: 'Which Alpaca keys are set (paper, live) and where they are kept; never a secret.',
  },
  'broker.credentials.set': {
    params: z.strictObject({ account: brokerAccountSchema, keyId: keyIdSchema, secretKey: secretSchema }),
    result: credentialsStatusSchema,
    summary: "Store an account's Alpaca keys in the OS keychain (desktop only; headless reads the environment).",
  },
  'broker.credentials.clear': {
    params: z.strictObject({ account: brokerAccountSchema }),
    result: credentialsStatusSchema,
    summary: "Forget an account's stored keys; clearing live keys also disarms live trading.",
  },
  'broker.mode.get': {
    params: z.strictObject({}),
    result: brokerModeSchema,
    summary: 'The endpoint orders go to (paper or live) and whether live trading is armed.',
  },
  'broker.mode.set': {
    params: z.strictObject({ endpoint: brokerAccountSchema }),
    result: brokerModeSchema,
    summary: 'Choose paper or live; choosing live does not arm it, and any switch disarms.',
  },
  'broker.live.arm': {
    params: z.strictObject({ confirm: z.string().max(64) }),
    result: brokerModeSchema,
    summary: `Arm live trading for this session only: the endpoint must be live, live keys set, and confirm must read "${LIVE_ARM_PHRASE}".`,
  },
  'broker.live.disarm': {
    params: z.strictObject({}),
    result: brokerModeSchema,
    summary: 'Disarm live trading now.',
  },
} as const satisfies Record<(typeof BROKER_REQUEST_NAMES)[number], RequestSpec>;
