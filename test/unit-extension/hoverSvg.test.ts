import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverImage, inkFor, themeKindName } from '../../src/extension/hover/hoverSvg';
import { texToSvg } from '../../src/extension/hover/texToSvg';

/** Relative luminance of #RRGGBB (WCAG), 0 = black, 1 = white. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

test('ink: light on Dark and HighContrast, dark on Light and HighContrastLight (vscode.ColorThemeKind values)', () => {
  assert.equal(themeKindName(1), 'light');
  assert.equal(themeKindName(2), 'dark');
  assert.equal(themeKindName(3), 'highContrast');
  assert.equal(themeKindName(4), 'highContrastLight');
  assert.equal(themeKindName(99), 'dark');
  // Against VS Code's default hover backgrounds (#202020 dark, #f8f8f8 light), contrast ≥ 7:1.
  const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  for (const k of ['dark', 'highContrast'] as const)
    assert.ok(contrast(luminance(inkFor(k)), luminance('#202020')) >= 7, k);
  for (const k of ['light', 'highContrastLight'] as const)
    assert.ok(contrast(luminance(inkFor(k)), luminance('#F8F8F8')) >= 7, k);
});

test('hoverImage: pixel size from ex, ink replaces currentColor, style dropped, base64 data URI', () => {
  const svg =
    '<svg style="vertical-align: -0.5ex;" xmlns="http://www.w3.org/2000/svg" width="10.5ex" height="2ex" viewBox="0 0 100 20"><g stroke="currentColor" fill="currentColor"><path d="M0 0L1 1"/></g></svg>';
  const img = hoverImage(svg, '#D4D4D4', 8)!;
  assert.equal(img.widthPx, 84);
  assert.equal(img.heightPx, 16);
  assert.match(img.uri, /^data:image\/svg\+xml;base64,/);
  const decoded = Buffer.from(img.uri.slice(img.uri.indexOf(',') + 1), 'base64').toString('utf8');
  assert.ok(!decoded.includes('currentColor'));
  assert.ok(!decoded.includes('style='));
  assert.match(decoded, /width="84px" height="16px"/);
  assert.equal((decoded.match(/#D4D4D4/g) ?? []).length, 2);
});

test('hoverImage: too long for a hover, or not an SVG, gives undefined', () => {
  const path = '<path d="' + 'M0 0L1 1'.repeat(10_000) + '"/>';
  assert.equal(
    hoverImage(`<svg width="1ex" height="1ex">${path}</svg>`, '#000000', 8, 60_000),
    undefined,
  );
  assert.equal(hoverImage('<div>no</div>', '#000000'), undefined);
  assert.equal(hoverImage('<svg height="1ex"></svg>', '#000000'), undefined, 'no width');
});

test('texToSvg: MathJax draws glyphs as paths (no <text>, no fonts) and the image fits a hover', async () => {
  const svg = await texToSvg('\\frac{d}{dx}\\left(x^{2}\\sin x\\right) = 2x\\sin x + x^{2}\\cos x');
  assert.match(svg, /^<svg\b/);
  assert.ok(svg.includes('<path'), 'glyph outlines');
  assert.ok(!svg.includes('<text'), 'no text elements');
  assert.ok(!/<use[^>]+href="#(?!MJX)/.test(svg), 'every <use> points into the same SVG');
  const img = hoverImage(svg, inkFor('dark'))!;
  assert.ok(img, 'under the size limit');
  assert.ok(
    img.heightPx >= 16 && img.heightPx <= 80,
    `a line of math is 16–80 px high, got ${img.heightPx}`,
  );
  assert.ok(img.widthPx > img.heightPx && img.widthPx < 800, `width ${img.widthPx}`);
});

test('texToSvg rejects TeX that MathJax cannot typeset', async () => {
  await assert.rejects(texToSvg('\\frac{1}{'));
  await assert.rejects(texToSvg('\\nosuchmacro{x}'));
});
