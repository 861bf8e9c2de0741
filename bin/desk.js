#!/usr/bin/env node
// Runs the TypeScript CLI in place (tsx), so `desk` works straight from a clone after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../core/cli/main.ts');
