/**
 * `gradlab diff EXPR [--wrt x,y] [--order N] [--at x=1.5,y=-2]... [--syntax S] [--json]`:
 * symbolic derivatives on the command line. The JSON contract (issue 4) is exact, other tools
 * parse it:
 *   {"expression": str, "variables": [str],
 *    "derivatives": [{"wrt": [str], "order": int, "expr": str, "latex": str, "values": [number|null]}]}
 * `expression` is the input as parsed, in mathjs syntax; `expr` too. `variables` are in order of
 * first appearance, not sorted (w*x + b gives w, x, b: the gradient reads as the formula does).
 * Without --wrt there is one entry per variable (the gradient); --order N gives each listed
 * variable's Nth derivative (`wrt` names it once, `order` is N). `values` holds the derivative at
 * each --at point in order, null where it is undefined (a kink, log of a negative). EXPR may be a
 * line of code: `const y = …;`, `return …`, `y = …`, `lambda x: …` give their expression.
 * Errors exit 2 with {"error": {"message", "column"?}}, the column 1-based in EXPR when the error
 * has a place. The engine loads on first use.
 */
import { GradLabError } from '../../engine/errors';
import type { Derivative, DiffResult, Point, SyntaxOption } from '../../engine/symbolic';
import { bool, num, str, strs, type ParsedArgs } from '../args';
import { EXIT_OK, printJson, type Io } from '../output';
import type { Subcommand } from '../subcommand';

const SYNTAXES: readonly SyntaxOption[] = ['auto', 'mathjs', 'javascript', 'js', 'python'];

export const diffCommand: Subcommand = {
  spec: {
    name: 'diff',
    summary: 'Symbolic derivatives of an expression in mathjs, JavaScript or Python syntax.',
    usage: 'gradlab diff EXPR [--wrt x,y] [--order N] [--at x=1.5,y=-2]... [--syntax S] [--json]',
    positionals: ['EXPR'],
    flags: {
      wrt: {
        kind: 'string',
        valueName: 'x,y',
        description: 'Variables to differentiate by (default: all, the gradient).',
      },
      order: {
        kind: 'int',
        valueName: 'N',
        description: 'Order of the derivative by each variable (default 1).',
      },
      at: {
        kind: 'string',
        repeatable: true,
        valueName: 'x=1.5,y=-2',
        description: 'Evaluate the derivatives at this point.',
      },
      syntax: {
        kind: 'string',
        valueName: 'S',
        description: 'auto (default), mathjs, javascript or python.',
      },
    },
    examples: [
      "gradlab diff 'x^2 * sin(x)'",
      "gradlab diff 'w*x + b - y' --wrt w,b --at w=2,x=3,b=1,y=0 --json",
      "gradlab diff 'Math.exp(-x*x)' --order 2 --at x=0.5",
      "gradlab diff '-x^2' --json",
    ],
  },
  run,
};

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const expression = args.positionals[0]!;
  const syntax = str(args, 'syntax') ?? 'auto';
  if (!SYNTAXES.includes(syntax as SyntaxOption)) {
    throw new GradLabError(
      'bad-argument',
      `--syntax must be one of ${SYNTAXES.join(', ')}, got "${syntax}".`,
    );
  }
  const wrtText = str(args, 'wrt');
  const wrt = wrtText === undefined ? undefined : wrtText.split(',').map((v) => v.trim());
  if (wrt?.some((v) => v === ''))
    throw new GradLabError(
      'bad-argument',
      `--wrt needs variable names separated by commas, got "${wrtText}".`,
    );
  const { differentiate, parsePoint } = await import('../../engine/symbolic');
  const result = differentiate(expression, {
    syntax: syntax as SyntaxOption,
    wrt,
    order: num(args, 'order') ?? 1,
  });
  const points = strs(args, 'at').map((spec) => parsePoint(spec, result.variables));
  const values = (d: Derivative): (number | null)[] => points.map((p) => d.evaluate(p));
  if (bool(args, 'json')) {
    printJson(io, {
      expression: result.expression.expr,
      variables: result.variables,
      derivatives: result.derivatives.map((d) => ({
        wrt: d.wrt,
        order: d.order,
        expr: d.expr,
        latex: d.latex,
        values: values(d),
      })),
    });
  } else io.stdout(readable(result, points, values));
  return EXIT_OK;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number): string =>
  n === 1 ? '' : [...String(n)].map((c) => SUPERSCRIPT[Number(c)]).join('');

function readable(
  result: DiffResult,
  points: Point[],
  values: (d: Derivative) => (number | null)[],
): string {
  const lines = [`f(${result.variables.join(', ')}) = ${result.expression.expr}`];
  if (result.derivatives.length === 0) lines.push('(no variables: every derivative is 0)');
  const d = result.variables.length > 1 ? '∂' : 'd';
  const codeName =
    result.syntax === 'javascript'
      ? 'JavaScript'
      : result.syntax === 'python'
        ? 'Python'
        : undefined;
  for (const der of result.derivatives) {
    const v = der.wrt[0]!;
    lines.push(`${d}${sup(der.order)}f/${d}${v}${sup(der.order)} = ${der.expr}`);
    if (codeName) lines.push(`    ${codeName}: ${der.code}`);
    values(der).forEach((value, i) => {
      const at = Object.entries(points[i]!)
        .map(([k, x]) => `${k}=${x}`)
        .join(', ');
      lines.push(`    at ${at}: ${value === null ? 'undefined' : value}`);
    });
  }
  return lines.join('\n') + '\n';
}
