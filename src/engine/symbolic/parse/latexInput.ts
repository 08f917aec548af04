/**
 * LaTeX as written in papers and textbooks, read into mathjs text: \frac{1}{1 + e^{-z}},
 * \sigma(w^\top x + b), \frac{1}{2}(y - \hat{y})^2, \log\left(1 + e^{-y f}\right), \sqrt{x^2 + y^2}.
 * Every character of the output remembers the offset it came from, so errors found later point
 * into the LaTeX as given. Only the subset that writes a scalar formula is read; sums, integrals
 * and other operators are refused with their column.
 */
import { GradLabError } from '../../errors';

/** Text and, for each of its characters, the offset in the original it came from. */
export interface Mapped {
  text: string;
  origin: number[];
}

/** Whether `text` is LaTeX rather than mathjs: a command (\frac, \sigma) or a braced ^{…}/_{…}. */
export function looksLikeLatex(text: string): boolean {
  return /\\[A-Za-z]|\\[{}|,;!]|[\^_]\{/.test(text);
}

const GREEK = new Set(
  (
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi ' +
    'rho varrho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma ' +
    'Upsilon Psi Omega'
  ).split(' '),
);
const FUNCTIONS = new Set(
  (
    'exp log ln sin cos tan sec csc cot sinh cosh tanh coth arcsin arccos arctan max min ' +
    'erf sgn'
  ).split(' '),
);
/** Decorations that make a new name: \hat{y} is yhat, \bar{x} is xbar. */
const DECORATIONS: Record<string, string> = {
  hat: 'hat',
  widehat: 'hat',
  bar: 'bar',
  overline: 'bar',
  tilde: 'tilde',
  widetilde: 'tilde',
  dot: 'dot',
};
/** Font and text commands whose argument is the name itself. */
const FONTS = new Set([
  'mathbf',
  'mathrm',
  'mathit',
  'mathsf',
  'boldsymbol',
  'bm',
  'vec',
  'operatorname',
  'text',
  'textrm',
  'mathcal',
]);
const SPACES = new Set([',', ';', ':', '!', ' ', 'quad', 'qquad', 'displaystyle', 'textstyle']);
const TIMES = new Set(['cdot', 'times', 'ast', 'cdotp']);
const LEFT_RIGHT: Record<string, string> = { '(': '(', ')': ')', '[': '(', ']': ')', '.': '' };

const unsupported = (command: string, at: number): GradLabError =>
  new GradLabError('unsupported', `The LaTeX command \\${command} is not supported here.`, {
    kind: 'expression',
    column: at + 1,
  });

/** The mathjs text a LaTeX formula stands for. */
export function fromLatex(src: Mapped): Mapped {
  return new LatexReader(src).read();
}

class LatexReader {
  private i = 0;
  private text = '';
  private readonly origin: number[] = [];
  /** Whether the last | opened an absolute value (the next one closes it). */
  private barOpen = false;

  constructor(private readonly src: Mapped) {}

  read(): Mapped {
    this.sequence(false);
    return { text: this.text, origin: this.origin };
  }

  private at(i: number): number {
    return this.src.origin[Math.min(i, this.src.origin.length - 1)] ?? 0;
  }

  private emit(s: string, from: number): void {
    this.text += s;
    for (let k = 0; k < s.length; k++) this.origin.push(this.at(from));
  }

  /** Characters up to the end, or up to the } that closes the current group. */
  private sequence(inGroup: boolean): void {
    const s = this.src.text;
    while (this.i < s.length) {
      const ch = s[this.i]!;
      if (ch === '}' && inGroup) return;
      if (ch === '{') this.group();
      else if (ch === '\\') this.command();
      else if (ch === '^') this.superscript();
      else if (ch === '_') this.subscript();
      else if (ch === '|') {
        this.emit(this.barOpen ? ')' : ' abs(', this.i);
        this.barOpen = !this.barOpen;
        this.i++;
      } else {
        this.emit(ch, this.i);
        this.i++;
      }
    }
  }

  /** {…} as (…). */
  private group(): void {
    const open = this.i;
    this.emit('(', open);
    this.i++;
    this.sequence(true);
    if (this.src.text[this.i] !== '}')
      throw new GradLabError('syntax', 'Missing } for this {.', {
        kind: 'expression',
        column: this.at(open) + 1,
      });
    this.emit(')', this.i);
    this.i++;
  }

  /** One argument: a {…} group, a command or a single character. */
  private argument(): void {
    this.skipSpaces();
    const ch = this.src.text[this.i];
    if (ch === '{') this.group();
    else if (ch === '\\') this.command();
    else if (ch !== undefined) {
      this.emit(ch, this.i);
      this.i++;
    }
  }

  /** The raw text of a {…} or one-character argument, with the offset it starts at. */
  private rawArgument(): { raw: string; from: number } {
    this.skipSpaces();
    const s = this.src.text;
    if (s[this.i] !== '{') {
      const m = /^\\?[A-Za-z0-9]/.exec(s.slice(this.i)) ?? /^./.exec(s.slice(this.i));
      const raw = m?.[0] ?? '';
      const from = this.i;
      this.i += raw.length;
      return { raw: raw.replace(/^\\/, ''), from };
    }
    let depth = 0;
    const from = this.i + 1;
    for (let j = this.i; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) {
        this.i = j + 1;
        return { raw: s.slice(from, j), from };
      }
    }
    throw new GradLabError('syntax', 'Missing } for this {.', {
      kind: 'expression',
      column: this.at(this.i) + 1,
    });
  }

  private skipSpaces(): void {
    while (/\s/.test(this.src.text[this.i] ?? '')) this.i++;
  }

  private superscript(): void {
    const s = this.src.text;
    // w^\top x, w^{T} x: a transpose, which changes nothing for scalars.
    const rest = s.slice(this.i + 1);
    const transpose = /^\s*(?:\\top\b|\\intercal\b|\{\s*(?:\\top|\\intercal|T)\s*\})/.exec(rest);
    if (transpose) {
      this.i += 1 + transpose[0].length;
      return;
    }
    this.emit('^', this.i);
    this.i++;
    this.argument();
  }

  /** x_{1} and \theta_0 become the names x_1 and theta_0. */
  private subscript(): void {
    const underscore = this.i;
    this.i++;
    const { raw, from } = this.rawArgument();
    const name = raw.replace(/\\([A-Za-z]+)/g, '$1').replace(/[^\p{L}\p{N}]/gu, '');
    if (name === '') return;
    this.emit('_', underscore);
    for (let k = 0; k < name.length; k++) this.emit(name[k]!, from + Math.min(k, raw.length - 1));
  }

  private command(): void {
    const s = this.src.text;
    const start = this.i;
    const m = /^\\([A-Za-z]+|.)/.exec(s.slice(this.i));
    const name = m?.[1] ?? '';
    this.i += 1 + name.length;
    if (SPACES.has(name)) return this.emit(' ', start);
    if (TIMES.has(name)) return this.emit('*', start);
    if (name === 'div') return this.emit('/', start);
    if (name === '{') return this.emit('(', start);
    if (name === '}') return this.emit(')', start);
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      this.emit('((', start);
      this.argument();
      this.emit(')/(', start);
      this.argument();
      this.emit('))', start);
      return;
    }
    if (name === 'sqrt') {
      this.skipSpaces();
      if (s[this.i] === '[') {
        const close = s.indexOf(']', this.i);
        if (close < 0) throw unsupported('sqrt[', this.at(start));
        const n = s.slice(this.i + 1, close);
        this.i = close + 1;
        this.emit(' nthRoot(', start);
        this.argument();
        this.emit(`, ${n})`, start);
        return;
      }
      this.emit(' sqrt(', start);
      this.argument();
      this.emit(')', start);
      return;
    }
    if (name === 'left' || name === 'right' || /^[Bb]igg?[lr]?$/.test(name))
      return this.delimiter(name, start);
    if (name === 'lvert' || name === 'rvert' || name === 'vert') {
      this.emit(name === 'rvert' || (name === 'vert' && this.barOpen) ? ')' : ' abs(', start);
      this.barOpen = name === 'lvert' || (name === 'vert' && !this.barOpen);
      return;
    }
    if (name === 'pi') return this.emit(' pi ', start);
    if (name === 'infty') return this.emit(' Infinity ', start);
    if (name === 'log' && s[this.i] === '_') {
      const { raw } = (this.i++, this.rawArgument());
      if (raw === '2' || raw === '10') return this.emit(` log${raw}`, start);
      if (raw === 'e') return this.emit(' log', start);
      throw unsupported(`log_${raw}`, this.at(start));
    }
    if (FUNCTIONS.has(name)) return this.emit(` ${name === 'sgn' ? 'sign' : name}`, start);
    if (name === 'operatorname' || name === 'mathrm' || name === 'text') {
      const { raw } = this.rawArgument();
      return this.emit(` ${raw.trim()}`, start);
    }
    if (name in DECORATIONS || FONTS.has(name)) {
      const { raw } = this.rawArgument();
      const base = raw.replace(/\\([A-Za-z]+)/g, '$1').replace(/[^\p{L}\p{N}_]/gu, '');
      return this.emit(` ${base}${DECORATIONS[name] ?? ''}`, start);
    }
    if (GREEK.has(name)) {
      // σ(z) and Φ(z) called are the sigmoid and the normal CDF; bare, they are variables.
      const called = /^\s*(?:\(|\\left\s*\()/.test(s.slice(this.i));
      if (name === 'sigma' && called) return this.emit(' sigmoid', start);
      return this.emit(` ${name.replace(/^var/, '')}`, start);
    }
    if (name === 'Phi') {
      const called = /^\s*(?:\(|\\left\s*\()/.test(s.slice(this.i));
      return this.emit(called ? ' normcdf' : ' Phi', start);
    }
    throw unsupported(name, this.at(start));
  }

  /** \left( … \right), \left| … \right|, \bigl[ … \bigr]: the delimiter after the command. */
  private delimiter(command: string, start: number): void {
    this.skipSpaces();
    const s = this.src.text;
    const m = /^(\\[A-Za-z]+|\\.|.)/.exec(s.slice(this.i));
    const d = m?.[1] ?? '';
    this.i += d.length;
    if (d === '|' || d === '\\vert' || d === '\\lvert' || d === '\\rvert') {
      const opening =
        command === 'left' || /l$/.test(command) || (!/r$/.test(command) && !this.barOpen);
      this.emit(opening ? ' abs(' : ')', start);
      this.barOpen = opening;
      return;
    }
    if (d === '\\{') return this.emit('(', start);
    if (d === '\\}') return this.emit(')', start);
    const mapped = LEFT_RIGHT[d];
    if (mapped === undefined) throw unsupported(`${command}${d}`, this.at(start));
    this.emit(mapped, start);
  }
}
