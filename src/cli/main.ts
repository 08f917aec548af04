/**
 * `gradlab`: the engine from the command line. Each subcommand lives in commands/<name>.ts and
 * registers itself in COMMANDS; this file only dispatches, prints help and the version.
 */
import { helpText, parseArgs, UsageError, bool } from './args';
import { EXIT_ERROR, EXIT_OK, processIo, reportError, type Io } from './output';
import { COMMANDS } from './commands';

/** Set by the build (scripts/build.js) from package.json. */
declare const GRADLAB_VERSION: string;

function version(): string {
  return typeof GRADLAB_VERSION === 'string' ? GRADLAB_VERSION : '0.0.0-dev';
}

function mainHelp(): string {
  const names = Object.values(COMMANDS).map((c) => `  ${c.spec.name.padEnd(10)} ${c.spec.summary}`);
  return [
    'gradlab: derivatives, gradient checks and training for machine-learning calculus',
    '',
    'Usage: gradlab <command> [args] [--json]',
    '',
    'Commands:',
    ...names,
    '',
    'Global flags:',
    '  --help       Show help (also "gradlab <command> --help").',
    '  --version    Print the version.',
    '',
    'Exit codes: 0 success, 1 a check that ran and failed, 2 usage or input error.',
    'With --json, stdout holds exactly one JSON object; an error is {"error": {"message": ...}}.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const json = argv.includes('--json');
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(mainHelp());
    return first === undefined ? EXIT_ERROR : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    if (json) io.stdout(JSON.stringify({ version: version() }) + '\n');
    else io.stdout(version() + '\n');
    return EXIT_OK;
  }
  const command = COMMANDS[first];
  if (!command) {
    const e = first.startsWith('-')
      ? new UsageError(`Unknown flag ${first}. Try "gradlab --help".`, first.replace(/^-+/, ''))
      : new UsageError(`Unknown command "${first}". Commands: ${Object.keys(COMMANDS).join(', ') || '(none)'}.`);
    return reportError(io, e, json);
  }
  try {
    const args = parseArgs(rest, command.spec);
    if (bool(args, 'help')) {
      io.stdout(helpText(command.spec));
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (e) {
    return reportError(io, e, json);
  }
}
