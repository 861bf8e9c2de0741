import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A fresh random token for one server start: 256 bits, URL- and header-safe (base64url). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Writes the token where only this user can read it (0600), so local scripts can call the API while other
 * accounts on the machine cannot. chmod runs too because `mode` only applies when the file is created.
 */
export function writeTokenFile(file: string, token: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function removeTokenFile(file: string): void {
  rmSync(file, { force: true });
}

/** Constant-time comparison; hashing first makes the lengths equal so length leaks nothing either. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
