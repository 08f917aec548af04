import type { CommandSpec, ParsedArgs } from './args';
import type { Io } from './output';

/** One `gradlab <name>` subcommand: its flags and its run, which returns the exit code. */
export interface Subcommand {
  spec: CommandSpec;
  run(args: ParsedArgs, io: Io): Promise<number>;
}
