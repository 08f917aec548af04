/**
 * LaTeX → SVG with MathJax (mathjax-full 3), for hovers: VS Code hovers cannot typeset math
 * (microsoft/vscode#180468), so the math is drawn as an image. Glyphs come out as paths
 * (fontCache 'local' keeps their <defs> inside each SVG), because an image loads no fonts.
 * MathJax loads on the first call, never at activation: this module is its own bundle,
 * dist/lazy/texToSvg.js, that the hover require()s at first use (scripts/build.js). Pure (no `vscode`).
 */

interface MathJaxConverter {
  convert(tex: string): string;
}

let converter: Promise<MathJaxConverter> | undefined;

async function load(): Promise<MathJaxConverter> {
  const [{ mathjax }, { TeX }, { SVG }, { liteAdaptor }, { RegisterHTMLHandler }] =
    await Promise.all([
      import('mathjax-full/js/mathjax.js'),
      import('mathjax-full/js/input/tex.js'),
      import('mathjax-full/js/output/svg.js'),
      import('mathjax-full/js/adaptors/liteAdaptor.js'),
      import('mathjax-full/js/handlers/html.js'),
    ]);
  await Promise.all([
    import('mathjax-full/js/input/tex/base/BaseConfiguration.js'),
    import('mathjax-full/js/input/tex/ams/AmsConfiguration.js'),
  ]);
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const doc = mathjax.document('', {
    InputJax: new TeX({ packages: ['base', 'ams'] }),
    OutputJax: new SVG({ fontCache: 'local' }),
  });
  return {
    convert(tex: string): string {
      const node = doc.convert(tex, { display: true, em: 16, ex: 8, containerWidth: 1280 });
      return adaptor.innerHTML(node);
    },
  };
}

/**
 * The SVG markup of `tex` (width/height in ex, ink `currentColor`). Throws on TeX that MathJax
 * cannot parse; such errors come out as an `<merror>` box, which is reported as an error here.
 */
export async function texToSvg(tex: string): Promise<string> {
  converter ??= load();
  const svg = (await converter).convert(tex);
  if (svg.includes('data-mml-node="merror"')) throw new Error(`MathJax could not typeset: ${tex}`);
  return svg;
}
