import { describe, expect, it } from 'vitest';
import { streamErrorInfo } from '../stream-error-codes.js';
import { usRegularHours } from './market-hours.js';
import { actionMessage, channelSetFor, channelSetFromReply, diffChannelSets, isEmptyChannelSet, sameChannelSet } from './subscription.js';

describe('channel sets', () => {
  it('diffs the acknowledged set against the desired one and names only non-empty channels', () => {
    const have = channelSetFor(['MSFT', 'AAPL', 'AAPL'], ['bars', 'trades']);
    const want = channelSetFor(['AAPL', 'SPY'], ['bars', 'quotes']);
    expect(have.bars).toEqual(['AAPL', 'MSFT']);
    const { add, remove } = diffChannelSets(have, want);
    expect(actionMessage('subscribe', add)).toEqual({ action: 'subscribe', bars: ['SPY'], quotes: ['AAPL', 'SPY'] });
    expect(actionMessage('unsubscribe', remove)).toEqual({ action: 'unsubscribe', bars: ['MSFT'], trades: ['AAPL', 'MSFT'] });
    expect(sameChannelSet(have, want)).toBe(false);
    expect(isEmptyChannelSet(channelSetFor([], ['bars']))).toBe(true);
  });

  it('reads a reply with missing keys as empty lists and ignores corrections and cancelErrors', () => {
    const reply = channelSetFromReply({ bars: ['FAKEPACA'], quotes: ['FAKEPACA'], trades: [] });
    expect(sameChannelSet(reply, channelSetFor(['FAKEPACA'], ['bars', 'quotes']))).toBe(true);
  });
});

describe('stream error policy and market hours', () => {
  it('stops on credentials and plan errors, waits long on the connection limit, reconnects otherwise', () => {
    expect([402, 408, 409, 410].map((c) => streamErrorInfo(c).policy)).toEqual(['stop', 'stop', 'stop', 'stop']);
    expect(streamErrorInfo(406).policy).toBe('reconnect-long');
    expect([404, 407, 500, 599].map((c) => streamErrorInfo(c).policy)).toEqual(['reconnect', 'reconnect', 'reconnect', 'reconnect']);
    expect([400, 401, 403, 405].map((c) => streamErrorInfo(c).policy)).toEqual(['count', 'reauthenticate', 'ignore', 'report']);
  });

  it('knows New York regular hours across daylight saving, and weekends', () => {
    expect(usRegularHours(Date.UTC(2024, 2, 4, 14, 30))).toBe(true); // Monday 09:30 EST
    expect(usRegularHours(Date.UTC(2024, 2, 4, 14, 29))).toBe(false);
    expect(usRegularHours(Date.UTC(2024, 6, 1, 13, 30))).toBe(true); // Monday 09:30 EDT
    expect(usRegularHours(Date.UTC(2024, 6, 1, 20, 0))).toBe(false); // 16:00 EDT
    expect(usRegularHours(Date.UTC(2024, 6, 6, 15, 0))).toBe(false); // Saturday
  });
});
