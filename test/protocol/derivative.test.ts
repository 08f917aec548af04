/**
 * The derivative panel's protocol: random input never throws and never passes as a message;
 * every well-formed message and state survives the round trip; plot ranges are checked the same
 * way on both sides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DERIVATIVE_MODES,
  PANEL_ACTIONS,
  SYNTAXES,
  checkPlotRange,
  parseDerivativePanelState,
  parseDerivativePanelToHost,
  parseHostToDerivativePanel,
  type DerivativePanelToHost,
  type DerivativeView,
  type HostToDerivativePanel,
  type PlotSamples,
} from '../../src/protocol/derivative';

const value = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
const plotArb: fc.Arbitrary<PlotSamples> = fc.integer({ min: 0, max: 20 }).chain((n) =>
  fc.record({
    variable: fc.string(),
    xmin: fc.double({ min: -1e6, max: 0, noNaN: true }),
    xmax: fc.double({ min: 1, max: 1e6, noNaN: true }),
    xs: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n }),
    f: fc.array(value, { minLength: n, maxLength: n }),
    df: fc.array(value, { minLength: n, maxLength: n }),
    dfLabel: fc.string(),
  }),
);
const entryArb = fc.record({
  wrt: fc.array(fc.string(), { maxLength: 2 }),
  order: fc.integer({ min: 1, max: 10 }),
  lhsLatex: fc.string(),
  latex: fc.string(),
  code: fc.string(),
});
const viewArb: fc.Arbitrary<DerivativeView> = fc.record(
  {
    request: fc.record({
      input: fc.string(),
      syntax: fc.constantFrom(...SYNTAXES),
      mode: fc.constantFrom(...DERIVATIVE_MODES),
      wrt: fc.array(fc.string(), { maxLength: 4 }),
      order: fc.integer({ min: 1, max: 10 }),
    }),
    variables: fc.array(fc.string(), { maxLength: 4 }),
    fLatex: fc.string(),
    entries: fc.array(entryArb, { maxLength: 4 }),
    matrixLatex: fc.string(),
    latex: fc.string(),
    code: fc.string(),
    helpers: fc.array(fc.string(), { maxLength: 3 }),
    simplified: fc.boolean(),
    targets: fc.integer({ min: 1, max: 8 }),
    plot: plotArb,
  },
  {
    requiredKeys: [
      'request',
      'variables',
      'fLatex',
      'entries',
      'latex',
      'code',
      'simplified',
      'targets',
    ],
  },
);
const hostArb: fc.Arbitrary<HostToDerivativePanel> = fc.oneof(
  fc.record(
    {
      type: fc.constant('init' as const),
      canEdit: fc.boolean(),
      view: viewArb,
      l10nBundle: fc.dictionary(fc.string(), fc.string()),
    },
    { requiredKeys: ['type', 'canEdit'] },
  ),
  fc.record({
    type: fc.constant('derivative/show' as const),
    view: viewArb,
    canEdit: fc.boolean(),
  }),
  fc.record({ type: fc.constant('plot/data' as const), plot: plotArb }),
  fc.record({
    type: fc.constant('status' as const),
    level: fc.constantFrom('info' as const, 'error' as const),
    message: fc.string(),
  }),
);
const panelArb: fc.Arbitrary<DerivativePanelToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({
    type: fc.constant('plot/range' as const),
    xmin: fc.double({ min: -1e6, max: -1, noNaN: true }),
    xmax: fc.double({ min: 0, max: 1e6, noNaN: true }),
  }),
  fc.record({
    type: fc.constant('action/run' as const),
    action: fc.constantFrom(...PANEL_ACTIONS),
  }),
  fc.record({
    type: fc.constant('view/rendered' as const),
    input: fc.string(),
    entries: fc.nat(),
    plotted: fc.boolean(),
  }),
);

test('random values never throw and never parse as a message or a state', () => {
  fc.assert(
    fc.property(fc.anything(), (raw) => {
      assert.equal(parseHostToDerivativePanel(raw), undefined);
      assert.equal(parseDerivativePanelToHost(raw), undefined);
      assert.equal(parseDerivativePanelState(raw), undefined);
    }),
    { seed: 4, numRuns: 2000 },
  );
});

/** What crosses postMessage: JSON-like (−0 arrives as 0, which is the same number to the panel). */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

test('well-formed messages pass unchanged, both directions, and so does a saved state', () => {
  fc.assert(
    fc.property(hostArb, (m) => assert.deepEqual(parseHostToDerivativePanel(wire(m)), wire(m))),
    { seed: 5, numRuns: 300 },
  );
  fc.assert(
    fc.property(panelArb, (m) => assert.deepEqual(parseDerivativePanelToHost(wire(m)), wire(m))),
    { seed: 6, numRuns: 300 },
  );
  fc.assert(
    fc.property(viewArb, (view) =>
      assert.deepEqual(parseDerivativePanelState(wire({ view })), wire({ view })),
    ),
    { seed: 7, numRuns: 200 },
  );
});

test('one broken field is enough to drop a message', () => {
  assert.equal(parseDerivativePanelToHost({ type: 'action/run', action: 'deleteFile' }), undefined);
  assert.equal(
    parseDerivativePanelToHost({ type: 'plot/range', xmin: 5, xmax: 1 }),
    undefined,
    'empty range',
  );
  assert.equal(parseDerivativePanelToHost({ type: 'plot/range', xmin: '0', xmax: 1 }), undefined);
  assert.equal(
    parseDerivativePanelToHost({ type: 'view/rendered', input: 'x', entries: 1.5, plotted: true }),
    undefined,
  );
  assert.equal(
    parseDerivativePanelToHost({ type: 'executeCommand', command: 'workbench.action.files.save' }),
    undefined,
  );
  const plot = { variable: 'x', xmin: 0, xmax: 1, xs: [0, 1], f: [0, 1], df: [1], dfLabel: 'f′' };
  assert.equal(
    parseHostToDerivativePanel({ type: 'plot/data', plot }),
    undefined,
    'df shorter than xs',
  );
  assert.ok(
    parseHostToDerivativePanel({ type: 'plot/data', plot: { ...plot, df: [1, null] } }),
    'null values are gaps',
  );
  assert.equal(
    parseHostToDerivativePanel({ type: 'plot/data', plot: { ...plot, df: [1, NaN] } }),
    undefined,
    'NaN is not a value (JSON has none)',
  );
  assert.equal(parseHostToDerivativePanel({ type: 'init' }), undefined, 'canEdit is required');
});

test('checkPlotRange: numbers, order, bounds', () => {
  assert.equal(checkPlotRange(-5, 5), undefined);
  assert.equal(checkPlotRange(0.001, 0.002), undefined);
  assert.equal(checkPlotRange(NaN, 5), 'not-a-number');
  assert.equal(checkPlotRange(-5, Infinity), 'not-a-number');
  assert.equal(checkPlotRange(5, 5), 'empty');
  assert.equal(checkPlotRange(5, -5), 'empty');
  assert.equal(checkPlotRange(-2e6, 0), 'too-large');
});
