import { createHash } from 'node:crypto';

/** Legacy docs cap client order ids at 48 characters (the current spec allows 128): we keep the stricter one. */
export const MAX_CLIENT_ORDER_ID = 48;

/** Characters of the SHA-256 (base64url) kept in a shortened id: 96 bits, so two desk ids never meet in practice. */
const HASH_CHARS = 16;
/** Marks a shortened id; desk ids never contain it, so a shortened id cannot equal a desk id sent unchanged. */
const MARK = '~';
const PREFIX_CHARS = MAX_CLIENT_ORDER_ID - MARK.length - HASH_CHARS;

/**
 * The client order id Alpaca sees for a desk id. Ids of at most 48 characters go unchanged (every order sent
 * before this mapping existed keeps its id); longer ones (a proposal id with a model id is ~57) become their first
 * 31 characters, `~`, and 16 characters of the SHA-256 of the whole id. A pure function of the desk id: a restart
 * recomputes it from the journal, so no table has to be stored next to the journal entry.
 */
export function brokerClientId(deskId: string): string {
  if (deskId.length <= MAX_CLIENT_ORDER_ID) return deskId;
  const hash = createHash('sha256').update(deskId).digest('base64url').slice(0, HASH_CHARS);
  return `${deskId.slice(0, PREFIX_CHARS)}${MARK}${hash}`;
}

/** True when `id` has the shape `brokerClientId` gives a long desk id. */
export function isShortenedClientId(id: string): boolean {
  return id.length === MAX_CLIENT_ORDER_ID && id.charAt(PREFIX_CHARS) === MARK;
}

/**
 * Desk id ↔ Alpaca client id. Every id the broker sends is remembered; an Alpaca id not seen in this process
 * (orders read back after a restart) is resolved by recomputing `brokerClientId` over the ids the desk still
 * knows (`known`: the journal's open orders), which is all reconciliation needs: a closed order is not reconciled.
 */
export class ClientOrderIds {
  readonly #toDesk = new Map<string, string>();
  readonly #known: () => Iterable<string>;

  constructor(known: () => Iterable<string> = () => []) {
    this.#known = known;
  }

  /** The id to send for `deskId`, remembered for the way back. */
  toBroker(deskId: string): string {
    const sent = brokerClientId(deskId);
    if (sent !== deskId) this.#toDesk.set(sent, deskId);
    return sent;
  }

  /** The desk id of an Alpaca client id; the id itself when it was never shortened or is not the desk's. */
  toDesk(alpacaId: string): string {
    if (!isShortenedClientId(alpacaId)) return alpacaId;
    const found = this.#toDesk.get(alpacaId);
    if (found !== undefined) return found;
    for (const deskId of this.#known()) this.toBroker(deskId);
    return this.#toDesk.get(alpacaId) ?? alpacaId;
  }
}
