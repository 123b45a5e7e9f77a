// The xinyong command line: one file per command under commands/.
import { Command } from 'commander';
import { settings } from '../config.js';
import { reportError } from './runtime.js';

type Register = (program: Command) => void;

/**
 * Every command, by the top-level names it registers, in the order help lists them. A command's module (and
 * what it imports: the HTTP server, the PDF writer, the demo generator) is loaded only when that command runs:
 * loading them all took a second before any command started.
 */
const COMMANDS: readonly { names: readonly string[]; load: () => Promise<Register> }[] = [
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).serveCommand },
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).demoCommand },
  { names: ['import'], load: async () => (await import('./commands/import.js')).importCommand },
  { names: ['id'], load: async () => (await import('./commands/id-check.js')).idCommand },
  { names: ['catalog'], load: async () => (await import('./commands/catalog-validate.js')).catalogCommand },
  { names: ['audit', 'verify'], load: async () => (await import('./commands/audit.js')).auditCommands },
  { names: ['token'], load: async () => (await import('./commands/token.js')).tokenCommands },
  { names: ['check'], load: async () => (await import('./commands/check.js')).checkCommand },
  { names: ['expire'], load: async () => (await import('./commands/expire.js')).expireCommand },
  { names: ['report'], load: async () => (await import('./commands/report.js')).reportCommand },
  { names: ['score'], load: async () => (await import('./commands/score.js')).scoreCommand },
  { names: ['simulate'], load: async () => (await import('./commands/simulate.js')).simulateCommand },
  { names: ['bench'], load: async () => (await import('./commands/bench.js')).benchCommand },
];

/** The program with the command `argv` names, or with every command (for help, or a name it does not know). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('xinyong')
    .description('xinyong 信用 — an open, rule-of-law public credit information platform')
    .version(settings.version)
    .showHelpAfterError();
  const named = COMMANDS.find((c) => c.names.includes(argv[2] ?? ''));
  for (const command of named ? [named] : COMMANDS) (await command.load())(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
