/** Points written as text, `x=1.5,y=-2`, as the CLI's --at and a settings field take them. */
import { GradLabError } from '../errors';
import type { Point } from './formula';

const bad = (message: string): GradLabError => new GradLabError('bad-point', message);

/** The point `spec` names; it must give every variable in `variables` exactly once, as numbers. */
export function parsePoint(spec: string, variables: readonly string[]): Point {
  const point: Record<string, number> = {};
  const parts = spec.trim() === '' ? [] : spec.split(',');
  for (const raw of parts) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) throw bad(`Expected name=value in the point "${spec}", got "${part}".`);
    const name = part.slice(0, eq).trim();
    const text = part.slice(eq + 1).trim();
    if (!variables.includes(name)) {
      const known =
        variables.length > 0
          ? `the variables are ${variables.join(', ')}`
          : 'the expression has no variables';
      throw bad(`Unknown variable ${name} in the point "${spec}": ${known}.`);
    }
    if (name in point) throw bad(`${name} is given twice in the point "${spec}".`);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value))
      throw bad(`${name}=${text} in the point "${spec}" is not a finite number.`);
    point[name] = value;
  }
  const missing = variables.filter((v) => !(v in point));
  if (missing.length > 0) throw bad(`The point "${spec}" has no value for ${missing.join(', ')}.`);
  return point;
}
