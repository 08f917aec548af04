/** mathjs syntax: every canonical function prints under its own name (mathjs knows most). */
import { type Dialect, callOf, ternary } from './code';

export const mathjsDialect: Dialect = {
  powOp: ' ^ ',
  unaryBeforePowNeedsParens: false,
  constant: (name) => name,
  call: (name, args) => callOf(name, args),
  conditional: ternary,
};
