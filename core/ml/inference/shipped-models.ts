import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of shipped breakout model versions (`models/breakout` at the project root), found from this
 * file rather than the working directory, so `desk paper` run from any folder serves the shipped model.
 * A packaged app passes its resources path explicitly instead.
 */
export const SHIPPED_BREAKOUT_MODELS: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'breakout');
