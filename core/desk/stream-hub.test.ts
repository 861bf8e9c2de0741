import { describe, expect, it } from 'vitest';
import { scriptedBar } from './scripted-feed.js';
import { StreamHub } from './stream-hub.js';

describe('StreamHub', () => {
  it('keeps delivering to other listeners when one throws, and counts the failure', () => {
    const hub = new StreamHub();
    const seen: string[] = [];
    hub.on('bar', () => {
      throw new Error('broken client');
    });
    hub.on('bar', (bar) => seen.push(bar.symbol));
    hub.emit('bar', scriptedBar('ACME', 0));
    expect(seen).toEqual(['ACME']);
    expect(hub.listenerFailures()).toBe(1);
  });

  it('stops delivering after unsubscribe', () => {
    const hub = new StreamHub();
    const seen: string[] = [];
    const off = hub.on('bar', (bar) => seen.push(bar.symbol));
    off();
    hub.emit('bar', scriptedBar('ACME', 0));
    expect(seen).toEqual([]);
  });
});
