import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from './trusted-origin.js';

describe('isTrustedUrl', () => {
  const page = 'file:///opt/desk/out/renderer/index.html';

  it('trusts the desk page itself, with any fragment', () => {
    expect(isTrustedUrl('file:///opt/desk/out/renderer/index.html#x', page)).toBe(true);
  });

  it('refuses another file on disk, though file:// has no real origin', () => {
    expect(isTrustedUrl('file:///home/trader/evil.html', page)).toBe(false);
  });

  it('refuses the web and garbage', () => {
    expect(isTrustedUrl('https://example.com/', page)).toBe(false);
    expect(isTrustedUrl('not a url', page)).toBe(false);
  });

  it('compares origins for the dev server', () => {
    expect(isTrustedUrl('http://localhost:5173/src/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
