/** Small DOM helpers for the training panel: elements are built with textContent, never innerHTML. */

type Child = Node | string | number | null | undefined | false;

/** `h('button', { class: 'primary', type: 'button' }, 'Start')`: attributes are set with setAttribute. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  append(e, children);
  return e;
}

export function append(parent: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(typeof c === 'number' ? String(c) : c);
  }
}

/** A compact number: 4 significant digits, exponent form for very small or large values. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(digits - 1).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

/** An integer with the user's digit grouping (12,345). */
export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString(document.documentElement.lang || undefined);
}

/** A table with a caption, a header row and body rows of text. */
export function table(
  caption: string,
  head: string[],
  rows: Array<Array<string | number>>,
  className = 'data',
): HTMLTableElement {
  return h(
    'table',
    { class: className },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) =>
            i === 0 ? h('th', { scope: 'row' }, String(c)) : h('td', {}, String(c)),
          ),
        ),
      ),
    ),
  );
}
