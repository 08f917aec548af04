/**
 * The table of function rules, keyed by canonical name. A new function is one entry in one of
 * these files (value + derivative), its printing in print/ (JS and Python names) and a
 * central-difference test; no switch statement anywhere needs to learn about it.
 */
import { activationRules } from './activations';
import { conditionalRules } from './conditional';
import { expLogRules } from './expLog';
import { hyperbolicRules } from './hyperbolic';
import { inverseTrigRules } from './inverseTrig';
import { piecewiseRules } from './piecewise';
import { rootRules } from './roots';
import type { FunctionRule } from './rule';
import { specialRules } from './special';
import { trigRules } from './trig';

export type { FunctionRule } from './rule';
export { OPERATOR_RULES, type OperatorRule } from './operators';

export const FUNCTION_RULES: ReadonlyMap<string, FunctionRule> = new Map(
  [
    ...trigRules,
    ...inverseTrigRules,
    ...hyperbolicRules,
    ...expLogRules,
    ...rootRules,
    ...piecewiseRules,
    ...activationRules,
    ...specialRules,
    ...conditionalRules,
  ].map((r) => [r.name, r]),
);
