import { buildDeskCli } from './desk.js';

// Entry for bin/desk.js; kept apart from desk.ts so tests can build the CLI without running it.
await buildDeskCli().parseAsync(process.argv);
