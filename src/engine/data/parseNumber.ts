/**
 * Numbers straight from UTF-8 bytes, without making a string. Grammar (spaces and tabs around it
 * allowed): [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?. Hex and "Infinity" are not
 * numbers; the decimal point is '.' unless the caller passes ',' (files from locales that write 3,14
 * and separate fields with ';'). Thousands separators (1,234.5) are `parseGroupedNumber`'s.
 *
 * Clinger's fast path gives the correctly rounded double, the same as `Number(text)`: with at most
 * 15 significant digits the mantissa m is an exact double, 10^k is exact for |k| ≤ 22, and one
 * multiplication or division rounds once. Anything else falls back to `Number` on the ASCII text.
 */

const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

const SPACE = 32;
const TAB = 9;

/** The number in `bytes[start, end)`, or NaN when the text is not a number by the grammar above. */
export function parseNumber(bytes: Uint8Array, start: number, end: number, point = 46): number {
  while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
  let i = start;
  let negative = false;
  const c = bytes[i];
  if (c === 45 /* - */) {
    negative = true;
    i++;
  } else if (c === 43 /* + */) i++;
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  for (; i < end; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) break;
    digits++;
    if (mantissa !== 0 || d !== 0) {
      significant++;
      if (significant <= 15) mantissa = mantissa * 10 + d;
      else exponent++; // digits past the 15th are dropped here, and the slow path takes over
    }
  }
  if (i < end && bytes[i] === point) {
    for (i++; i < end; i++) {
      const d = bytes[i]! - 48;
      if (d < 0 || d > 9) break;
      digits++;
      if (mantissa !== 0 || d !== 0) {
        significant++;
        if (significant <= 15) {
          mantissa = mantissa * 10 + d;
          exponent--;
        }
      } else exponent--;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (bytes[i] === 101 || bytes[i] === 69) /* e E */) {
    i++;
    let expNegative = false;
    if (bytes[i] === 45) {
      expNegative = true;
      i++;
    } else if (bytes[i] === 43) i++;
    let e = 0;
    let expDigits = 0;
    for (; i < end; i++) {
      const d = bytes[i]! - 48;
      if (d < 0 || d > 9) break;
      expDigits++;
      if (e < 100000) e = e * 10 + d; // saturate: 1e100000 is Infinity either way
    }
    if (expDigits === 0) return NaN;
    exponent += expNegative ? -e : e;
  }
  if (i !== end) return NaN;
  if (significant <= 15 && exponent >= -22 && exponent <= 22) {
    const v = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
    return negative ? -v : v;
  }
  if (mantissa === 0) return negative ? -0 : 0;
  let text = '';
  for (let k = start; k < end; k++) text += String.fromCharCode(bytes[k] === point ? 46 : bytes[k]!);
  return Number(text);
}

/**
 * A number written with thousands separators, `bytes[start, end)`: 1,234,567.5 when the decimal
 * mark is '.' (the default) and 1.234.567,5 when it is ','. The first group has 1 to 3 digits and
 * no leading zero, every later group exactly 3; no exponent. NaN for anything else, plain numbers
 * included: callers try `parseNumber` first, so grouped numbers cost nothing in clean files.
 */
export function parseGroupedNumber(bytes: Uint8Array, start: number, end: number, point = 46): number {
  const group = point === 46 ? 44 : 46;
  while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
  let i = start;
  let text = '';
  if (bytes[i] === 45 || bytes[i] === 43) text += String.fromCharCode(bytes[i++]!);
  const isDigit = (k: number) => k < end && bytes[k]! >= 48 && bytes[k]! <= 57;
  if (!isDigit(i) || bytes[i] === 48) return NaN;
  let lead = 0;
  while (isDigit(i) && lead < 4) {
    text += String.fromCharCode(bytes[i++]!);
    lead++;
  }
  if (lead > 3) return NaN;
  let groups = 0;
  while (i < end && bytes[i] === group) {
    if (!(isDigit(i + 1) && isDigit(i + 2) && isDigit(i + 3)) || isDigit(i + 4)) return NaN;
    text += String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!, bytes[i + 3]!);
    i += 4;
    groups++;
  }
  if (groups === 0) return NaN;
  if (i < end && bytes[i] === point) {
    text += '.';
    for (i++; isDigit(i); i++) text += String.fromCharCode(bytes[i]!);
  }
  return i === end ? Number(text) : NaN;
}
