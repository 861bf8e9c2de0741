import { buildDeskCli } from './desk.js';

// `desk export | head` closes the pipe early: that is the reader saying "enough", not an error to crash on.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Entry for bin/desk.js; kept apart from desk.ts so tests can build the CLI without running it.
await buildDeskCli().parseAsync(process.argv);
