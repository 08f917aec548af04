/**
 * The training panel's protocol parsers: random input never throws and never comes back as a
 * message that would not parse again; every valid message survives the round trip; the settings
 * form refuses bad values with the reason the webview shows beside the field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACTIVATIONS,
  MODEL_KINDS,
  OPTIMIZERS,
  NUMBER_FIELDS,
  NUMBER_FIELD_NAMES,
  defaultSettings,
  formFromSettings,
  lossesFor,
  parseHostToPanel,
  parsePanelToHost,
  parsePanelState,
  parseTrainEvent,
  parseTrainJobResult,
  parseTrainPayload,
  parseTrainSettings,
  settingsFromForm,
  type HostToPanel,
  type PanelToHost,
  type RunResult,
  type TrainSettings,
} from '../../src/protocol/training';

const settingsArb: fc.Arbitrary<TrainSettings> = fc.constantFrom(...MODEL_KINDS).chain((model) =>
  fc.record({
    model: fc.constant(model),
    hidden:
      model === 'mlp'
        ? fc.array(fc.integer({ min: 1, max: 1024 }), { minLength: 1, maxLength: 8 })
        : fc.constant([]),
    activation: fc.constantFrom(...ACTIVATIONS),
    loss: fc.constantFrom(...lossesFor(model)),
    optimizer: fc.constantFrom(...OPTIMIZERS),
    learningRate: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    batchSize: fc.integer({ min: 1, max: 1_000_000 }),
    epochs: fc.integer({ min: 1, max: 100_000 }),
    l1: fc.double({ min: 0, max: 10, noNaN: true }),
    l2: fc.double({ min: 0, max: 10, noNaN: true }),
    clip: fc.double({ min: 0, max: 1e6, noNaN: true }),
    valSplit: fc.double({ min: 0, max: 0.9, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    earlyStopping: fc.boolean(),
    patience: fc.integer({ min: 1, max: 10_000 }),
  }),
);
const loss = fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null });
const pointArb = fc.record({
  epoch: fc.integer({ min: 1, max: 1e6 }),
  trainLoss: loss,
  valLoss: loss,
  samplesPerSec: fc.double({ min: 0, max: 1e9, noNaN: true }),
  gradNorms: fc.array(loss, { maxLength: 4 }),
});
const resultArb: fc.Arbitrary<RunResult> = fc.record({
  stopped: fc.constantFrom(
    'completed' as const,
    'early-stopping' as const,
    'diverged' as const,
    'stopped' as const,
  ),
  history: fc.array(
    fc.record({ epoch: fc.integer({ min: 1, max: 1e6 }), trainLoss: loss, valLoss: loss }),
    { maxLength: 5 },
  ),
  bestEpoch: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  metrics: fc.record({
    train: fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    val: fc.constant(null),
  }),
  perClass: fc.constant(null),
  predictions: fc
    .integer({ min: 0, max: 4 })
    .chain((n) =>
      fc.record({
        actual: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: n,
          maxLength: n,
        }),
        predicted: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: n,
          maxLength: n,
        }),
      }),
    ),
  confusion: fc.constant({
    labels: ['a', 'b'],
    matrix: [
      [3, 1],
      [0, 4],
    ],
  }),
  coefficients: fc.option(
    fc.record({
      intercept: fc.double({ noNaN: true, noDefaultInfinity: true }),
      weights: fc.dictionary(
        fc.string({ maxLength: 8 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
    }),
    { nil: null },
  ),
  elapsedMs: fc.double({ min: 0, max: 1e7, noNaN: true }),
});

const panelToHostArb: fc.Arbitrary<PanelToHost> = fc.oneof(
  fc.constantFrom<PanelToHost>(
    { type: 'ready' },
    { type: 'csv/refresh' },
    { type: 'train/reset' },
    { type: 'model/save' },
    { type: 'model/copyWeights' },
  ),
  fc.record({ type: fc.constant('csv/select' as const), uri: fc.string({ maxLength: 100 }) }),
  fc.record({
    type: fc.constant('csv/reveal' as const),
    row: fc.integer({ min: 1, max: 1e6 }),
    column: fc.string(),
  }),
  fc.record({
    type: fc.constant('train/start' as const),
    target: fc.string(),
    features: fc.array(fc.string(), { minLength: 1, maxLength: 5 }),
    settings: settingsArb,
  }),
  fc.record({
    type: fc.constant('train/control' as const),
    action: fc.constantFrom('pause' as const, 'resume' as const, 'step' as const, 'stop' as const),
  }),
  fc.record({
    type: fc.constant('model/exportScript' as const),
    flavor: fc.constantFrom('pytorch' as const, 'sklearn' as const),
  }),
  fc.record({
    type: fc.constant('charts/export' as const),
    images: fc.constant<Array<{ name: 'loss'; dataUrl: string }>>([
      { name: 'loss', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    ]),
  }),
  fc.record({
    type: fc.constant('ui/state' as const),
    state: fc.record({
      file: fc.constant(null),
      target: fc.option(fc.string(), { nil: null }),
      features: fc.constant(null),
      settings: settingsArb,
      logScale: fc.boolean(),
    }),
  }),
);

const hostToPanelArb: fc.Arbitrary<HostToPanel> = fc.oneof(
  fc.record({
    type: fc.constant('csv/files' as const),
    files: fc.array(fc.record({ uri: fc.string(), label: fc.string() }), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('train/progress' as const),
    points: fc.array(pointArb, { maxLength: 5 }),
  }),
  fc.record({
    type: fc.constant('train/status' as const),
    status: fc.constantFrom(
      'running' as const,
      'paused' as const,
      'completed' as const,
      'error' as const,
    ),
  }),
  fc.record({ type: fc.constant('train/result' as const), result: resultArb }),
  fc.record({
    type: fc.constant('train/error' as const),
    error: fc.record({
      message: fc.string(),
      row: fc.integer({ min: 1, max: 1e6 }),
      column: fc.string(),
    }),
  }),
  fc.record({ type: fc.constant('notice' as const), message: fc.string() }),
  fc.record({
    type: fc.constant('init' as const),
    l10nBundle: fc.dictionary(fc.string(), fc.string()),
    defaultEpochs: fc.integer({ min: 1, max: 1000 }),
    state: fc.record({
      v: fc.constant(1 as const),
      file: fc.constant({ uri: 'file:///w/a.csv', label: 'a.csv' } as {
        uri: string;
        label: string;
      }),
      target: fc.constant<string>('y'),
      features: fc.constant<string[]>(['x']),
      settings: settingsArb,
      logScale: fc.boolean(),
      run: fc.constant(null),
    }),
  }),
);

/** Random JSON-ish values, plus near-misses: a real type with random other fields. */
const junk = fc.oneof(
  fc.anything(),
  fc.record({
    type: fc.constantFrom(
      'ready',
      'csv/select',
      'csv/reveal',
      'train/start',
      'train/control',
      'ui/state',
      'charts/export',
      'init',
      'train/progress',
      'train/result',
      'csv/summary',
    ),
    x: fc.anything(),
  }),
  fc.dictionary(
    fc.constantFrom(
      'type',
      'uri',
      'row',
      'settings',
      'action',
      'points',
      'result',
      'state',
      'images',
      'flavor',
    ),
    fc.anything(),
  ),
);

test('fuzz: the parsers never throw, and whatever they accept parses again to the same value', () => {
  fc.assert(
    fc.property(junk, (raw) => {
      for (const parse of [
        parsePanelToHost,
        parseHostToPanel,
        parsePanelState,
        parseTrainEvent,
        parseTrainJobResult,
        parseTrainPayload,
        parseTrainSettings,
      ] as Array<(v: unknown) => unknown>) {
        const v = parse(raw);
        if (v !== undefined) assert.deepEqual(parse(v), v);
      }
    }),
    { numRuns: 3000, seed: 7 },
  );
});

test('fuzz: every valid panel → host message survives the parser unchanged', () => {
  fc.assert(
    fc.property(panelToHostArb, (m) => {
      const wire = JSON.parse(JSON.stringify(m));
      assert.deepEqual(parsePanelToHost(wire), wire);
    }),
    { numRuns: 500, seed: 1 },
  );
});

test('fuzz: every valid host → panel message survives the parser unchanged', () => {
  fc.assert(
    fc.property(hostToPanelArb, (m) => {
      const wire = structuredClone(m);
      assert.deepEqual(parseHostToPanel(wire), wire);
    }),
    { numRuns: 500, seed: 2 },
  );
});

test('malformed messages are refused', () => {
  const good = defaultSettings('linear');
  const start = (s: unknown) => ({
    type: 'train/start',
    target: 'y',
    features: ['x'],
    settings: s,
  });
  assert.ok(parsePanelToHost(start(good)));
  assert.equal(
    parsePanelToHost(start({ ...good, learningRate: -0.1 })),
    undefined,
    'negative learning rate',
  );
  assert.equal(
    parsePanelToHost(start({ ...good, learningRate: 0 })),
    undefined,
    'zero learning rate',
  );
  assert.equal(parsePanelToHost(start({ ...good, epochs: 2.5 })), undefined, 'fractional epochs');
  assert.equal(
    parsePanelToHost(start({ ...good, loss: 'cross-entropy' })),
    undefined,
    'a classification loss for linear regression',
  );
  assert.equal(
    parsePanelToHost(start({ ...defaultSettings('mlp'), hidden: [] })),
    undefined,
    'an MLP without hidden layers',
  );
  assert.equal(parsePanelToHost({ ...start(good), features: [] }), undefined, 'no features');
  assert.equal(parsePanelToHost({ type: 'train/control', action: 'explode' }), undefined);
  assert.equal(parsePanelToHost({ type: 'csv/reveal', row: 0 }), undefined, 'rows are 1-based');
  assert.equal(
    parsePanelToHost({
      type: 'charts/export',
      images: [{ name: 'loss', dataUrl: 'javascript:alert(1)' }],
    }),
    undefined,
  );
  assert.equal(parsePanelToHost({ type: 'workbench.action.quit' }), undefined);
  assert.equal(parsePanelToHost(null), undefined);
  assert.equal(
    parseHostToPanel({
      type: 'train/progress',
      points: [{ epoch: 0, trainLoss: 1, valLoss: null, samplesPerSec: 1, gradNorms: [] }],
    }),
    undefined,
    'epochs are 1-based',
  );
  assert.equal(
    parseHostToPanel({
      type: 'train/progress',
      points: [{ epoch: 1, trainLoss: NaN, valLoss: null, samplesPerSec: 1, gradNorms: [] }],
    }),
    undefined,
    'NaN travels as null',
  );
});

test('extra fields are stripped, so nothing unchecked passes through', () => {
  const m = parsePanelToHost({
    type: 'train/control',
    action: 'pause',
    command: 'workbench.action.quit',
  });
  assert.deepEqual(m, { type: 'train/control', action: 'pause' });
});

test('settings form: defaults round-trip for every model', () => {
  for (const model of MODEL_KINDS) {
    const s = defaultSettings(model);
    assert.deepEqual(settingsFromForm(formFromSettings(s)), { settings: s, problems: {} }, model);
    assert.deepEqual(parseTrainSettings(s), s, model);
  }
  assert.deepEqual(defaultSettings('mlp').hidden, [16, 16]);
  assert.equal(defaultSettings('linear', 300).epochs, 300);
  assert.equal(defaultSettings('linear', 0).epochs, 100, 'an out-of-range default is ignored');
});

test('settings form: each bad value is refused with its reason, beside its own field', () => {
  const form = formFromSettings(defaultSettings('mlp'));
  const check = (field: string, text: string, code: string) => {
    const r = settingsFromForm({ ...form, [field]: text });
    assert.equal(r.settings, undefined, `${field}=${text} is refused`);
    assert.deepEqual(
      Object.keys(r.problems),
      [field],
      `${field}=${text}: only ${field} is flagged`,
    );
    assert.equal(r.problems[field as keyof typeof r.problems]!.code, code, `${field}=${text}`);
  };
  check('learningRate', '-0.1', 'range');
  check('learningRate', '0', 'range');
  check('learningRate', 'fast', 'not-number');
  check('epochs', '2.5', 'not-integer');
  check('epochs', '', 'not-number');
  check('valSplit', '0.95', 'range');
  check('batchSize', '0', 'range');
  check('hidden', '16, x', 'hidden-list');
  check('hidden', '', 'hidden-list');
  check('hidden', '1,2,3,4,5,6,7,8,9', 'hidden-list');
  const range = settingsFromForm({ ...form, learningRate: '-0.1' }).problems.learningRate;
  assert.deepEqual(range, {
    code: 'range',
    min: NUMBER_FIELDS.learningRate.min,
    max: NUMBER_FIELDS.learningRate.max,
    exclusiveMin: true,
  });
  // Text around numbers is tolerated the way a person types it.
  assert.equal(
    settingsFromForm({ ...form, learningRate: ' 0.5 ', hidden: '8 4' }).settings?.learningRate,
    0.5,
  );
  assert.deepEqual(settingsFromForm({ ...form, hidden: '8 4' }).settings?.hidden, [8, 4]);
  assert.equal(NUMBER_FIELD_NAMES.length, 9);
});

test('worker payloads: bytes are required, and a string is not taken for bytes', () => {
  const settings = defaultSettings('linear');
  const ok = parseTrainPayload({
    csv: new Uint8Array([65]),
    csvPath: 'a.csv',
    missing: 'drop',
    target: 'y',
    features: ['x'],
    settings,
  });
  assert.ok(ok);
  assert.equal(ok.missing, 'drop');
  assert.equal(
    parseTrainPayload({
      csv: 'x,y\n1,2',
      csvPath: 'a.csv',
      missing: 'drop',
      target: 'y',
      features: ['x'],
      settings,
    }),
    undefined,
  );
  assert.equal(
    parseTrainPayload({
      csv: new Uint8Array([65]),
      csvPath: 'a.csv',
      missing: 'interpolate',
      target: 'y',
      features: ['x'],
      settings,
    }),
    undefined,
  );
});
