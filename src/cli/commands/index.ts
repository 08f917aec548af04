/** The subcommand table: each issue adds its entry (diff, gradcheck, train). */
import type { Subcommand } from '../subcommand';

export const COMMANDS: Record<string, Subcommand> = {};
