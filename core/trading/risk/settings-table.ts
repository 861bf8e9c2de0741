import type { Db } from '../../storage/open-database.js';
import type { EpochMs } from '../../market/units.js';

/** Typed access to the key → JSON `settings` table. */
export class SettingsTable {
  readonly #get;
  readonly #put;
  readonly #prefix;

  constructor(db: Db) {
    this.#get = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
    this.#put = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
    this.#prefix = db.prepare<[string, string], { key: string; value: string }>("SELECT key, value FROM settings WHERE key >= ? AND key < ? || '\uffff'");
  }

  get(key: string): unknown {
    const value = this.#get.get(key);
    return value === undefined ? undefined : (JSON.parse(value) as unknown);
  }

  put(key: string, value: unknown, time: EpochMs): void {
    this.#put.run(key, JSON.stringify(value), time);
  }

  /** Every key starting with `prefix`, with its parsed value. */
  withPrefix(prefix: string): { key: string; value: unknown }[] {
    return this.#prefix.all(prefix, prefix).map((row) => ({ key: row.key, value: JSON.parse(row.value) as unknown }));
  }
}
