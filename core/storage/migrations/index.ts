import type { Migration } from '../migration.js';
import { migration0001Bars } from './0001-bars.js';
import { migration0002Features } from './0002-features.js';

/** Every schema step, in order. Append only: a shipped migration is never edited or renumbered. */
export const MIGRATIONS: readonly Migration[] = [migration0001Bars, migration0002Features];

/** The newest schema version this build knows. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
