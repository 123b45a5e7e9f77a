// The xinyong command line: one file per command under commands/.
import { Command } from 'commander';
import { settings } from '../config.js';
import { auditCommands } from './commands/audit.js';
import { benchCommand } from './commands/bench.js';
import { catalogCommand } from './commands/catalog-validate.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { expireCommand } from './commands/expire.js';
import { idCommand } from './commands/id-check.js';
import { importCommand } from './commands/import.js';
import { reportCommand } from './commands/report.js';
import { scoreCommand } from './commands/score.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';
import { tokenCommands } from './commands/token.js';
import { reportError } from './runtime.js';

export function buildProgram(): Command {
  const program = new Command('xinyong')
    .description('xinyong 信用 — an open, rule-of-law public credit information platform')
    .version(settings.version)
    .showHelpAfterError();
  serveCommand(program);
  demoCommand(program);
  importCommand(program);
  idCommand(program);
  catalogCommand(program);
  auditCommands(program);
  tokenCommands(program);
  checkCommand(program);
  expireCommand(program);
  reportCommand(program);
  scoreCommand(program);
  simulateCommand(program);
  benchCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
