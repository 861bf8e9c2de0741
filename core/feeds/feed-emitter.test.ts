import { describe, expect, it } from 'vitest';
import { epochMs } from '../market/units.js';
import { FeedEmitter } from './feed-emitter.js';

describe('FeedEmitter', () => {
  it('delivers to every listener of an event until it unsubscribes', () => {
    const emitter = new FeedEmitter();
    const seen: string[] = [];
    const off = emitter.on('status', (s) => seen.push(`a:${s.state}`));
    emitter.on('status', (s) => seen.push(`b:${s.state}`));
    emitter.emit('status', { state: 'connected', at: epochMs(1) });
    off();
    emitter.emit('status', { state: 'stale', at: epochMs(2) });
    expect(seen).toEqual(['a:connected', 'b:connected', 'b:stale']);
  });

  it('counts a throwing listener and still calls the others', () => {
    const emitter = new FeedEmitter();
    const failure = new Error('bug');
    let called = 0;
    emitter.on('status', () => {
      throw failure;
    });
    emitter.on('status', () => called++);
    emitter.emit('status', { state: 'connected', at: epochMs(1) });
    expect(called).toBe(1);
    expect(emitter.listenerErrors()).toEqual({ count: 1, last: failure });
  });
});
