/** The subcommand table: each issue adds its entry (diff, gradcheck, train). */
import type { Subcommand } from '../subcommand';
import { diffCommand } from './diff';
import { gradcheckCommand } from './gradcheck';
import { trainCommand } from './train';

export const COMMANDS: Record<string, Subcommand> = {
  diff: diffCommand,
  gradcheck: gradcheckCommand,
  train: trainCommand,
};
