/**
 * A small, strict flag parser shared by every subcommand: unknown flags and missing values are
 * usage errors (exit 2) that name the flag. No dependency: the CLI's contract is its own.
 */

export type FlagKind = 'string' | 'number' | 'int' | 'boolean';

export interface FlagSpec {
  kind: FlagKind;
  /** May be given several times; the values are collected in order. */
  repeatable?: boolean;
  description: string;
  /** The value's placeholder in --help, e.g. `N` or `x=1,y=2`. */
  valueName?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** Names of required positional arguments, in order. */
  positionals: string[];
  flags: Record<string, FlagSpec>;
  examples?: string[];
}

export type FlagValue = string | number | boolean;

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, FlagValue[]>;
}

/** A usage error: exit code 2, message names the flag or argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
  }
}

const COMMON: Record<string, FlagSpec> = {
  json: { kind: 'boolean', description: 'Print exactly one JSON object on stdout.' },
  help: { kind: 'boolean', description: 'Show this help.' },
};

/** Parse `argv` (after the subcommand name) against `spec`. */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags = new Map<string, FlagValue[]>();
  const positionals: string[] = [];
  const all = { ...COMMON, ...spec.flags };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPositionals || !token.startsWith('--') || token === '-') {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
    const def = all[name];
    if (!def) throw new UsageError(`Unknown flag --${name} for "gradlab ${spec.name}". Try "gradlab ${spec.name} --help".`, name);
    let raw: string | undefined;
    if (def.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`Flag --${name} takes no value.`, name);
    } else if (eq >= 0) {
      raw = token.slice(eq + 1);
    } else {
      raw = argv[i + 1];
      // A value may start with "-" (negative numbers, "-x^2"), but never with "--".
      if (raw === undefined || raw.startsWith('--')) throw new UsageError(`Flag --${name} needs a value${def.valueName ? ` (${def.valueName})` : ''}.`, name);
      i++;
    }
    const value = convert(name, def, raw);
    const list = flags.get(name) ?? [];
    if (list.length > 0 && !def.repeatable) throw new UsageError(`Flag --${name} was given more than once.`, name);
    list.push(value);
    flags.set(name, list);
  }
  if (!flags.has('help')) {
    if (positionals.length < spec.positionals.length) {
      const missing = spec.positionals[positionals.length]!;
      throw new UsageError(`Missing argument ${missing} for "gradlab ${spec.name}". Usage: ${spec.usage}`, missing);
    }
    if (positionals.length > spec.positionals.length) {
      throw new UsageError(`Unexpected argument "${positionals[spec.positionals.length]}" for "gradlab ${spec.name}". Usage: ${spec.usage}`);
    }
  }
  return { positionals, flags };
}

function convert(name: string, def: FlagSpec, raw: string | undefined): FlagValue {
  if (def.kind === 'boolean') return true;
  const text = raw ?? '';
  if (def.kind === 'string') return text;
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`Flag --${name} needs a number, got "${text}".`, name);
  if (def.kind === 'int' && !Number.isInteger(n)) throw new UsageError(`Flag --${name} needs an integer, got "${text}".`, name);
  return n;
}

/** Accessors that keep the callers short and typed. */
export function str(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name)?.[0];
  return typeof v === 'string' ? v : undefined;
}
export function strs(a: ParsedArgs, name: string): string[] {
  return (a.flags.get(name) ?? []).filter((v): v is string => typeof v === 'string');
}
export function num(a: ParsedArgs, name: string): number | undefined {
  const v = a.flags.get(name)?.[0];
  return typeof v === 'number' ? v : undefined;
}
export function bool(a: ParsedArgs, name: string): boolean {
  return a.flags.get(name)?.[0] === true;
}

/** `--help` text for one subcommand. */
export function helpText(spec: CommandSpec): string {
  const lines = [`gradlab ${spec.name}: ${spec.summary}`, '', `Usage: ${spec.usage}`, '', 'Flags:'];
  const all = { ...spec.flags, ...COMMON };
  for (const [name, f] of Object.entries(all)) {
    const left = `  --${name}${f.kind === 'boolean' ? '' : ` ${f.valueName ?? f.kind.toUpperCase()}`}`;
    lines.push(`${left.padEnd(28)} ${f.description}${f.repeatable ? ' (repeatable)' : ''}`);
  }
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}
