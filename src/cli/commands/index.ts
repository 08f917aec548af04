/** The subcommand table: each issue adds its entry (diff, gradcheck, train). */
import type { Subcommand } from '../subcommand';
import { diffCommand } from './diff';

export const COMMANDS: Record<string, Subcommand> = {
  diff: diffCommand,
};
