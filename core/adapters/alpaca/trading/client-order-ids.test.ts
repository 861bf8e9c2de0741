import { describe, expect, it } from 'vitest';
import { brokerClientId, ClientOrderIds, isShortenedClientId, MAX_CLIENT_ORDER_ID } from './client-order-ids.js';

const PROPOSAL_ID = 'proposal:v1-b3948c0e3507:AAPL:1700000000000:entry-0001';

describe('Alpaca client order ids', () => {
  it('ids of at most 48 characters go unchanged; a 57-character proposal id becomes 48: a readable prefix, ~, a hash', () => {
    expect(PROPOSAL_ID.length).toBeGreaterThan(MAX_CLIENT_ORDER_ID);
    expect(brokerClientId('desk-1')).toBe('desk-1');
    expect(brokerClientId('y'.repeat(48))).toBe('y'.repeat(48));
    const short = brokerClientId(PROPOSAL_ID);
    expect(short).toHaveLength(48);
    expect(short.startsWith(PROPOSAL_ID.slice(0, 31))).toBe(true);
    expect(short.charAt(31)).toBe('~');
    expect(isShortenedClientId(short)).toBe(true);
    expect(isShortenedClientId(PROPOSAL_ID.slice(0, 48))).toBe(false);
  });

  it('deterministic, and ids sharing the first 31 characters still differ (the hash covers the whole id)', () => {
    expect(brokerClientId(PROPOSAL_ID)).toBe(brokerClientId(`${PROPOSAL_ID}`));
    const siblings = Array.from({ length: 1_000 }, (_, i) => brokerClientId(`${PROPOSAL_ID}.tp.${i}`));
    expect(new Set(siblings).size).toBe(1_000);
  });

  it('maps back what it sent; an id it never sent is resolved from the known desk ids, an unknown one stays as it is', () => {
    const sent = new ClientOrderIds();
    expect(sent.toDesk(sent.toBroker(PROPOSAL_ID))).toBe(PROPOSAL_ID);
    expect(sent.toDesk('desk-1')).toBe('desk-1');

    let asked = 0;
    const restarted = new ClientOrderIds(() => {
      asked++;
      return ['desk-2', PROPOSAL_ID];
    });
    expect(restarted.toDesk(brokerClientId(PROPOSAL_ID))).toBe(PROPOSAL_ID);
    expect(restarted.toDesk(brokerClientId(PROPOSAL_ID))).toBe(PROPOSAL_ID);
    expect(asked).toBe(1);
    const stranger = brokerClientId(`${PROPOSAL_ID}:other`);
    expect(restarted.toDesk(stranger)).toBe(stranger);
  });
});
