/**
 * `gradlab gradcheck FILE.ts --function NAME [--point JSON]... [--eps F] [--atol F] [--rtol F]
 * [--timeout-ms N] [--json]`: checks a TypeScript function's gradient against central differences.
 * Exit 0 all pass, 1 a mismatch, 2 an error. The engine (and the TypeScript compiler it loads) is
 * imported on first use, so other subcommands do not pay for it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GradLabError } from '../../engine/errors';
import { fmt } from '../../engine/gradcheck/formatNumber';
import type { GradcheckResult, PointResult } from '../../engine/gradcheck/types';
import { num, str, strs, bool, UsageError, type ParsedArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, printJson, type Io } from '../output';
import type { Subcommand } from '../subcommand';

export const gradcheckCommand: Subcommand = {
  spec: {
    name: 'gradcheck',
    summary: "Check a TypeScript function's gradient against central differences.",
    usage:
      'gradlab gradcheck FILE.ts --function NAME [--point JSON]... [--eps F] [--atol F] [--rtol F] [--timeout-ms N] [--json]',
    positionals: ['FILE'],
    flags: {
      function: {
        kind: 'string',
        valueName: 'NAME',
        description:
          'The function to check (its gradient: @gradient tag, NAMEGrad, gradNAME or NAME_grad; else autodiff).',
      },
      point: {
        kind: 'string',
        repeatable: true,
        valueName: 'JSON',
        description: 'A point: the vector, or the argument list, e.g. "[1, 2, 3]".',
      },
      eps: {
        kind: 'number',
        valueName: 'F',
        description: 'Central-difference step (default 1e-6).',
      },
      atol: { kind: 'number', valueName: 'F', description: 'Absolute tolerance (default 1e-5).' },
      rtol: { kind: 'number', valueName: 'F', description: 'Relative tolerance (default 1e-3).' },
      'timeout-ms': {
        kind: 'int',
        valueName: 'N',
        description: 'Time limit of the whole check (default 2000).',
      },
    },
    examples: [
      'gradlab gradcheck examples/losses.ts --function mse',
      "gradlab gradcheck loss.ts --function loss --point '[1, 2, 3]' --json",
    ],
  },
  run,
};

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const json = bool(args, 'json');
  const file = resolve(args.positionals[0]!);
  const functionName = str(args, 'function');
  if (functionName === undefined)
    throw new GradLabError('bad-argument', 'Missing --function NAME: the function to check.');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GradLabError('not-found', `Cannot read ${file}: ${(e as Error).message}`);
  }
  const points = strs(args, 'point').map(parsePoint);
  const timeoutMs = num(args, 'timeout-ms');
  if (timeoutMs !== undefined && !(timeoutMs > 0))
    throw new UsageError(
      `--timeout-ms must be a positive number of milliseconds, got ${timeoutMs}.`,
      'timeout-ms',
    );
  const { runGradcheck } = await import('../../engine/gradcheck');
  const result = await runGradcheck(
    { path: file, source, functionName, readModule: readOrUndefined },
    {
      ...(points.length > 0 ? { points } : {}),
      eps: num(args, 'eps'),
      atol: num(args, 'atol'),
      rtol: num(args, 'rtol'),
      timeoutMs,
    },
  );
  if (json) printJson(io, contractJson(result));
  else io.stdout(humanReport(result));
  return result.ok ? EXIT_OK : EXIT_CHECK_FAILED;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parsePoint(text: string): number[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GradLabError(
      'bad-point',
      `--point ${text}: not JSON (give the vector or the argument list, e.g. "[1, 2, 3]").`,
    );
  }
  if (typeof value === 'number') return [value];
  // The engine checks the elements and says which one is wrong (a nested list, a string, null).
  if (Array.isArray(value)) return value as number[];
  throw new GradLabError('bad-point', `--point ${text}: expected a number or an array of numbers.`);
}

/** The JSON contract of issue 8, exactly these keys. */
export function contractJson(r: GradcheckResult): unknown {
  return {
    function: r.function,
    gradient: r.gradient,
    ok: r.ok,
    points: r.points.map((p) => ({
      x: p.x,
      analytic: p.analytic,
      numeric: p.numeric,
      maxAbsErr: p.maxAbsErr,
      ok: p.ok,
      mismatches: p.mismatches,
    })),
  };
}

const g = (v: number) => {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || v === 0) return String(v);
  return a < 1e-4 || a >= 1e7 ? v.toExponential(4) : Number(v.toPrecision(6)).toString();
};
const e = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

function vector(x: readonly number[], max = 6): string {
  const shown = x.slice(0, max).map(g).join(', ');
  return x.length > max ? `[${shown}, … (${x.length} values)]` : `[${shown}]`;
}

const MAX_ROWS = 10;

/** The readable report: a line per point, the failing components worst first, the diagnoses. */
export function humanReport(r: GradcheckResult): string {
  const { eps, atol, rtol } = r.tolerances;
  const how =
    r.gradient === 'autodiff'
      ? `a gradient derived by autodiff (no companion: tried ${r.triedNames.join(', ')})`
      : `${r.gradient} (${r.companionRule})`;
  const lines = [
    `gradcheck ${r.function} against ${how}`,
    `eps ${fmt(eps)}, atol ${fmt(atol)}, rtol ${fmt(rtol)}`,
    '',
  ];
  r.points.forEach((p, k) => {
    const status = p.ok ? 'ok  ' : `FAIL ${p.mismatches.length} of ${p.analytic.length} components`;
    lines.push(
      `point ${k + 1}${p.random ? ' (random)' : ''}  x = ${vector(p.x)}  ${status}  max |err| ${e(p.maxAbsErr)}`,
    );
    if (!p.ok) lines.push(...table(p, r));
  });
  if (r.diagnoses.length > 0) {
    lines.push('', 'Diagnosis:');
    for (const d of r.diagnoses) lines.push(`  - ${d.message}`);
  }
  if (r.derived?.warnings.length) lines.push('', ...r.derived.warnings.map((w) => `warning: ${w}`));
  const failed = r.points.filter((p) => !p.ok).length;
  const total = r.points.reduce((s, p) => s + p.mismatches.length, 0);
  const n = r.points.length;
  const where = n === 1 ? 'the point checked' : `all ${n} points`;
  lines.push(
    '',
    r.ok
      ? `OK: the gradient agrees at ${where}.`
      : `FAIL: ${total} mismatched component${total === 1 ? '' : 's'} at ${failed} of ${n} point${n === 1 ? '' : 's'}.`,
  );
  return lines.join('\n') + '\n';
}

function table(p: PointResult, r: GradcheckResult): string[] {
  const { atol, rtol } = r.tolerances;
  const worst = [...p.mismatches]
    .sort(
      (a, b) =>
        p.absErr[b]! / (atol + rtol * Math.abs(p.numeric[b]!)) -
        p.absErr[a]! / (atol + rtol * Math.abs(p.numeric[a]!)),
    )
    .slice(0, MAX_ROWS);
  const row = (c: string[]) =>
    '    ' + c.map((s, i) => (i === 0 ? s.padStart(6) : s.padStart(14))).join(' ');
  const out = [row(['index', 'analytic', 'numeric', 'abs err', 'rel err'])];
  for (const i of worst)
    out.push(
      row([String(i), g(p.analytic[i]!), g(p.numeric[i]!), e(p.absErr[i]!), e(p.relErr[i]!)]),
    );
  if (p.mismatches.length > worst.length)
    out.push(`    … and ${p.mismatches.length - worst.length} more`);
  return out;
}
