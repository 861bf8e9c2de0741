import type { Migration } from '../migration.js';
import { migration0001Bars } from './0001-bars.js';
import { migration0002Features } from './0002-features.js';
import { migration0003Orders } from './0003-orders.js';
import { migration0004Risk } from './0004-risk.js';
import { migration0005Proposals } from './0005-proposals.js';
import { migration0006TrainingSamples } from './0006-training-samples.js';
import { migration0007ModelOps } from './0007-model-ops.js';
import { migration0008News } from './0008-news.js';
import { migration0009ProposalAdjustments } from './0009-proposal-adjustments.js';
import { migration0010FillsByOrder } from './0010-fills-by-order.js';
import { migration0011EntriesBySymbol } from './0011-entries-by-symbol.js';

/** Every schema step, in order. Append only: a shipped migration is never edited or renumbered. */
export const MIGRATIONS: readonly Migration[] = [migration0001Bars, migration0002Features, migration0003Orders, migration0004Risk, migration0005Proposals, migration0006TrainingSamples, migration0007ModelOps, migration0008News, migration0009ProposalAdjustments, migration0010FillsByOrder, migration0011EntriesBySymbol];

/** The newest schema version this build knows. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
