/**
 * Chart colours from VS Code's theme. A canvas cannot use CSS variables, so they are read with
 * getComputedStyle and read again when the body's theme class changes (light, dark, high contrast).
 */
export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  highContrast: boolean;
  /** Series colours: train, validation, target/optimum, marker, then more for layers. */
  series: string[];
}

/**
 * The colour without its transparency: some themes define chart colours with alpha (Dark Modern's
 * charts.orange is rgba(234, 92, 0, 0.33)), which would draw a faint line over the background.
 */
export function opaque(color: string): string {
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  if (/^#[0-9a-f]{8}$/i.test(color)) return color.slice(0, 7);
  if (/^#[0-9a-f]{4}$/i.test(color)) return color.slice(0, 4);
  return color;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): ChartTheme {
  const cls = document.body.classList;
  const highContrast =
    cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const foreground = cssVar(
    '--vscode-foreground',
    cssVar('--vscode-editor-foreground', 'CanvasText'),
  );
  return {
    foreground,
    muted: cssVar('--vscode-descriptionForeground', foreground),
    grid: highContrast
      ? cssVar('--vscode-contrastBorder', foreground)
      : cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'GrayText')),
    background: cssVar('--vscode-editor-background', 'Canvas'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    highContrast,
    series: [
      cssVar('--vscode-charts-blue', '#3794ff'),
      cssVar('--vscode-charts-orange', '#d18616'),
      cssVar('--vscode-charts-green', '#89d185'),
      cssVar('--vscode-charts-red', '#f14c4c'),
      cssVar('--vscode-charts-purple', '#b180d7'),
      cssVar('--vscode-charts-yellow', '#cca700'),
      cssVar('--vscode-charts-foreground', foreground),
    ].map(opaque),
  };
}

/** Call `onChange` whenever VS Code switches the theme (it rewrites the body's class list). */
export function observeTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, {
    attributes: true,
    attributeFilter: ['class', 'data-vscode-theme-kind'],
  });
}
