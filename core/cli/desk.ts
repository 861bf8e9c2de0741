import { Command } from 'commander';
import { registerBacktestCommand } from './commands/backtest-command.js';
import { registerDatasetCommand } from './commands/dataset-command.js';
import { registerDbCommand } from './commands/db-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerFeaturesCommand } from './commands/features-command.js';
import { registerIngestCommand } from './commands/ingest-command.js';
import { registerTrainCommand } from './commands/train-command.js';
import { registerTrainRiskCommand } from './commands/train-risk-command.js';
import { registerPaperCommand } from './commands/paper-command.js';

/**
 * `desk`: the command line over the same core the app runs. Each command lives in its own file under
 * `commands/` and is registered here.
 */
export function buildDeskCli(): Command {
  const program = new Command('desk')
    .description('Breakout Desk command line')
    .option('--db <file>', 'SQLite database file (default: DESK_DB, else the desk database in the user data folder)')
    .showHelpAfterError();
  registerDbCommand(program);
  registerIngestCommand(program);
  registerFeaturesCommand(program);
  registerExportCommand(program);
  registerPaperCommand(program);
  registerDatasetCommand(program);
  registerTrainCommand(program);
  registerBacktestCommand(program);
  registerTrainRiskCommand(program);
  return program;
}
