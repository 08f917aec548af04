/**
 * Turns MathJax's SVG into an image a hover can show. An `<img>` inherits no CSS, so
 * `currentColor` would paint black on a dark hover (James-Yu/LaTeX-Workshop#1557): the ink is
 * chosen from the colour theme's kind instead. Sizes become pixels, because a hover does not
 * scale images down. Pure (no `vscode`): the Node unit tests cover it.
 */

/** vscode.ColorThemeKind by name (Light = 1, Dark = 2, HighContrast = 3, HighContrastLight = 4). */
export type ThemeKindName = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

/** The name of a vscode.ColorThemeKind value; unknown values count as dark, the common default. */
export function themeKindName(kind: number): ThemeKindName {
  switch (kind) {
    case 1:
      return 'light';
    case 3:
      return 'highContrast';
    case 4:
      return 'highContrastLight';
    default:
      return 'dark';
  }
}

/** Ink for math on the hover's background: light on dark and high-contrast themes, dark on light ones. */
export function inkFor(kind: ThemeKindName): string {
  switch (kind) {
    case 'dark':
      return '#D4D4D4';
    case 'highContrast':
      return '#FFFFFF';
    case 'light':
      return '#1F1F1F';
    case 'highContrastLight':
      return '#000000';
  }
}

/** A data URI longer than this is not shown: the workbench cuts a hover's markdown at 100,000 chars. */
export const MAX_IMAGE_URI_CHARS = 60_000;

export interface HoverImage {
  uri: string;
  widthPx: number;
  heightPx: number;
}

/**
 * `svg` (MathJax output: width/height in ex, `currentColor` ink) as a base64 data URI drawn in
 * `ink` at `exPx` pixels per ex; undefined when it would be too long for a hover.
 */
export function hoverImage(
  svg: string,
  ink: string,
  exPx = 8,
  maxChars = MAX_IMAGE_URI_CHARS,
): HoverImage | undefined {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) return undefined;
  const attrs = open[0];
  const widthPx = toPx(/\swidth="([\d.]+)(ex|px)?"/.exec(attrs), exPx);
  const heightPx = toPx(/\sheight="([\d.]+)(ex|px)?"/.exec(attrs), exPx);
  if (widthPx === undefined || heightPx === undefined) return undefined;
  const newOpen = attrs
    .replace(/\sstyle="[^"]*"/, '')
    .replace(/\swidth="[^"]*"/, ` width="${widthPx}px"`)
    .replace(/\sheight="[^"]*"/, ` height="${heightPx}px"`);
  const body = svg.slice(attrs.length).replace(/currentColor/g, ink);
  const uri = `data:image/svg+xml;base64,${Buffer.from(newOpen + body, 'utf8').toString('base64')}`;
  return uri.length <= maxChars ? { uri, widthPx, heightPx } : undefined;
}

function toPx(m: RegExpExecArray | null, exPx: number): number | undefined {
  if (!m) return undefined;
  const v = Number(m[1]);
  if (!Number.isFinite(v) || v <= 0) return undefined;
  return Math.ceil(m[2] === 'px' ? v : v * exPx);
}
