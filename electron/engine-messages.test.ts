import { describe, expect, it } from 'vitest';
import { engineArgv, parseEngineArgv } from './engine-messages.js';

describe('engine argv', () => {
  it('round-trips the engine settings', () => {
    const args = { dbFile: '/data/desk.db', seed: 4, speed: 10 };
    expect(parseEngineArgv(['electron', 'engine.js', ...engineArgv(args)])).toEqual(args);
  });

  it('names the missing flag', () => {
    expect(() => parseEngineArgv(['--seed', '1'])).toThrow('engine started without --db');
  });
});
