/**
 * The gradient check's protocol: random input never throws and never parses into something that
 * would not parse again; every valid report and message survives the round trip (structured
 * clone keeps NaN, so NaN errors must survive too); malformed reports are refused; the points
 * input box accepts one point or several, or nothing for random points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DIAGNOSIS_KINDS,
  formatValue,
  parseFunctionList,
  parseGradcheckJob,
  parseGradcheckReport,
  parseHostToPanel,
  parsePanelState,
  parsePanelToHost,
  parsePointsInput,
  type GradcheckJob,
  type GradcheckReport,
  type HostToPanel,
  type ListedFunction,
  type PanelToHost,
} from '../../src/protocol/gradcheck';

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const index = fc.integer({ min: 0, max: 10_000 });
const pos = fc.record({
  line: fc.integer({ min: 1, max: 1e5 }),
  column: fc.integer({ min: 1, max: 500 }),
});

const rowArb = fc.record({
  index,
  analytic: anyNumber,
  numeric: anyNumber,
  absErr: anyNumber,
  relErr: anyNumber,
  ok: fc.boolean(),
});
const pointArb = fc.record({
  x: fc.array(anyNumber, { maxLength: 5 }),
  random: fc.boolean(),
  value: anyNumber,
  rows: fc.array(rowArb, { maxLength: 6 }),
  maxAbsErr: anyNumber,
  ok: fc.boolean(),
  mismatches: fc.array(index, { maxLength: 4 }),
});
const diagnosisArb = fc.record(
  {
    kind: fc.constantFrom(...DIAGNOSIS_KINDS),
    message: fc.string({ maxLength: 40 }),
    indices: fc.array(index, { maxLength: 4 }),
    notABug: fc.boolean(),
    factor: anyNumber,
    shift: fc.integer({ min: -5, max: 5 }),
    agreeingEps: anyNumber,
  },
  { requiredKeys: ['kind', 'message', 'indices', 'notABug'] },
);
const sweepArb = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    point: index,
    eps: fc.array(fc.double({ min: 1e-14, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    maxAbsErr: fc.array(anyNumber, { minLength: n, maxLength: n }),
    maxRelErr: fc.array(anyNumber, { minLength: n, maxLength: n }),
  }),
);
const reportArb: fc.Arbitrary<GradcheckReport> = fc.record(
  {
    uri: fc.string({ maxLength: 30 }),
    functionName: fc.string({ minLength: 1, maxLength: 12 }),
    gradientName: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: null }),
    shape: fc.constantFrom('vector' as const, 'args' as const, 'scalar' as const),
    functionPlace: pos,
    gradientPlace: pos,
    settings: fc.record({
      eps: fc.double({ min: 1e-12, max: 1, noNaN: true }),
      atol: fc.double({ min: 0, max: 1, noNaN: true }),
      rtol: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    ok: fc.boolean(),
    points: fc.array(pointArb, { maxLength: 3 }),
    diagnoses: fc.array(diagnosisArb, { maxLength: 3 }),
    sweep: sweepArb,
    derived: fc.record({
      name: fc.string({ maxLength: 12 }),
      text: fc.string({ maxLength: 60 }),
      insertAt: index,
      warnings: fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }),
    }),
    totalMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    sourceHash: fc.stringMatching(/^[0-9a-f]{8}$/),
  },
  {
    requiredKeys: [
      'uri',
      'functionName',
      'gradientName',
      'shape',
      'settings',
      'ok',
      'points',
      'diagnoses',
      'totalMs',
    ],
  },
);

const panelToHostArb: fc.Arbitrary<PanelToHost> = fc.constantFrom<PanelToHost>(
  { type: 'ready' },
  { type: 'gradcheck/goToGradient' },
  { type: 'gradcheck/goToFunction' },
  { type: 'gradcheck/insertDerived' },
  { type: 'gradcheck/rerun' },
);
const hostToPanelArb: fc.Arbitrary<HostToPanel> = fc.oneof(
  fc.record(
    {
      type: fc.constant('init' as const),
      l10nBundle: fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
      report: reportArb,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('gradcheck/report' as const), report: reportArb }),
  fc.record({ type: fc.constant('gradcheck/inserted' as const), ok: fc.boolean() }),
);
const jobArb: fc.Arbitrary<GradcheckJob> = fc.record(
  {
    source: fc.string({ maxLength: 80 }),
    path: fc.string({ maxLength: 30 }),
    readImports: fc.boolean(),
    functionName: fc.string({ minLength: 1, maxLength: 12 }),
    points: fc.array(fc.array(finite, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    dimension: fc.integer({ min: 1, max: 1000 }),
    settings: fc.record({
      eps: fc.double({ min: 1e-12, max: 1, noNaN: true }),
      atol: fc.double({ min: 0, max: 1, noNaN: true }),
      rtol: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    timeoutMs: fc.integer({ min: 1, max: 60_000 }),
  },
  { requiredKeys: ['source', 'path', 'readImports', 'functionName', 'settings', 'timeoutMs'] },
);
const listedArb: fc.Arbitrary<ListedFunction> = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 4, maxLength: 4 }),
    fc.option(fc.tuple(index, index), { nil: undefined }),
  )
  .chain(([offsets, companion]) => {
    const [start, nameStart, nameEnd, end] = [...offsets].sort((a, b) => a - b) as [
      number,
      number,
      number,
      number,
    ];
    return fc.record({
      name: fc.string({ minLength: 1, maxLength: 10 }),
      companion: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: null }),
      shape: fc.constantFrom('vector' as const, 'args' as const, 'scalar' as const, null),
      start: fc.constant(start),
      end: fc.constant(end),
      nameStart: fc.constant(nameStart),
      nameEnd: fc.constant(nameEnd),
      pointTags: fc.integer({ min: 0, max: 5 }),
      ...(companion
        ? { companionStart: fc.constant(companion[0]), companionEnd: fc.constant(companion[1]) }
        : {}),
    });
  });

/** structuredClone is what postMessage does between the worker, the host and the webview. */
const clone = <T>(v: T): T => structuredClone(v);

test('valid reports, messages, jobs and lists survive a structured-clone round trip unchanged', () => {
  fc.assert(
    fc.property(reportArb, (r) => {
      // fast-check's records have a null prototype; the clone is what arrives and what we expect back.
      assert.deepEqual(parseGradcheckReport(clone(r)), clone(r));
      assert.deepEqual(parsePanelState(clone({ report: r })), { report: clone(r) });
    }),
    { seed: 8, numRuns: 300 },
  );
  fc.assert(
    fc.property(hostToPanelArb, (m) => assert.deepEqual(parseHostToPanel(clone(m)), clone(m))),
    { seed: 9, numRuns: 300 },
  );
  fc.assert(
    fc.property(panelToHostArb, (m) => assert.deepEqual(parsePanelToHost(clone(m)), clone(m))),
    { seed: 10 },
  );
  fc.assert(
    fc.property(jobArb, (j) => assert.deepEqual(parseGradcheckJob(clone(j)), clone(j))),
    { seed: 11, numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.array(listedArb, { maxLength: 4 }), (l) =>
      assert.deepEqual(parseFunctionList(clone(l)), clone(l)),
    ),
    { seed: 12 },
  );
});

test('random values never throw, and whatever parses parses again to the same thing (both directions)', () => {
  const anything = fc.oneof(
    fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 4 }),
    fc.record({
      type: fc.constantFrom(
        'ready',
        'init',
        'gradcheck/report',
        'gradcheck/inserted',
        'gradcheck/rerun',
        'gradcheck/insertDerived',
        'x',
      ),
      ok: fc.anything(),
      report: fc.anything(),
      l10nBundle: fc.anything(),
    }),
  );
  const parsers = [
    parseHostToPanel,
    parsePanelToHost,
    parseGradcheckReport,
    parseGradcheckJob,
    parseFunctionList,
  ] as const;
  fc.assert(
    fc.property(anything, (raw) => {
      for (const parse of parsers) {
        const once = (parse as (r: unknown) => unknown)(raw);
        if (once !== undefined)
          assert.deepEqual((parse as (r: unknown) => unknown)(clone(once)), once);
      }
      assert.deepEqual(
        Object.keys(parsePanelState(raw)).filter((k) => k !== 'report'),
        [],
      );
    }),
    { seed: 13, numRuns: 3000 },
  );
});

test('a report with one field wrong is refused; extra keys are dropped, not passed on', () => {
  const good = fc.sample(reportArb, { seed: 14, numRuns: 1 })[0]!;
  const broken: Array<[string, unknown]> = [
    ['ok', 'yes'],
    [
      'points',
      [
        {
          ...good.points[0],
          rows: [{ index: -1, analytic: 1, numeric: 1, absErr: 0, relErr: 0, ok: true }],
        },
      ],
    ],
    ['diagnoses', [{ kind: 'cosmic-ray', message: '', indices: [], notABug: false }]],
    ['settings', { eps: 0, atol: 1e-5, rtol: 1e-3 }],
    ['settings', { eps: 1e-6, atol: -1, rtol: 1e-3 }],
    ['sweep', { point: 0, eps: [1e-3, 1e-4], maxAbsErr: [1], maxRelErr: [1, 2] }],
    ['functionPlace', { line: 0, column: 1 }],
    ['gradientName', 42],
    ['shape', 'matrix'],
    ['derived', { name: 'g', text: 'x', insertAt: -3, warnings: [] }],
  ];
  for (const [key, value] of broken)
    assert.equal(
      parseGradcheckReport({ ...good, [key]: value }),
      undefined,
      `${key} = ${JSON.stringify(value)}`,
    );
  const withExtra = parseGradcheckReport({
    ...good,
    evil: '<script>',
    points: good.points.map((p) => ({ ...p, extra: 1 })),
  });
  assert.ok(withExtra);
  assert.ok(!('evil' in withExtra));
  for (const p of withExtra.points) assert.ok(!('extra' in p));
});

test('a NaN error (the user function returned NaN) survives the trip to the panel', () => {
  const r = fc.sample(reportArb, { seed: 15, numRuns: 1 })[0]!;
  const withNaN: GradcheckReport = {
    ...r,
    points: [
      {
        x: [1],
        random: false,
        value: NaN,
        rows: [{ index: 0, analytic: 1, numeric: NaN, absErr: NaN, relErr: NaN, ok: false }],
        maxAbsErr: NaN,
        ok: false,
        mismatches: [0],
      },
    ],
  };
  const back = parseHostToPanel(clone({ type: 'gradcheck/report', report: withNaN }));
  assert.ok(back && back.type === 'gradcheck/report');
  assert.ok(Number.isNaN(back.report.points[0]!.rows[0]!.numeric));
});

test('jobs: an empty function name, a non-positive timeout, empty or non-finite points are refused', () => {
  const job = fc.sample(jobArb, { seed: 16, numRuns: 1 })[0]!;
  assert.ok(parseGradcheckJob(job));
  assert.equal(parseGradcheckJob({ ...job, functionName: '' }), undefined);
  assert.equal(parseGradcheckJob({ ...job, timeoutMs: 0 }), undefined);
  assert.equal(parseGradcheckJob({ ...job, points: [] }), undefined);
  assert.equal(parseGradcheckJob({ ...job, points: [[1, NaN]] }), undefined);
  assert.equal(parseGradcheckJob({ ...job, dimension: 0 }), undefined);
  assert.equal(parseGradcheckJob({ ...job, readImports: 'yes' }), undefined);
});

test('function lists: a name range outside its declaration is refused', () => {
  const f: ListedFunction = {
    name: 'f',
    companion: 'fGrad',
    shape: 'vector',
    start: 10,
    end: 50,
    nameStart: 19,
    nameEnd: 20,
    pointTags: 1,
  };
  assert.deepEqual(parseFunctionList([f]), [f]);
  assert.equal(parseFunctionList([{ ...f, nameStart: 5 }]), undefined);
  assert.equal(parseFunctionList([{ ...f, nameEnd: 60 }]), undefined);
  assert.equal(parseFunctionList([{ ...f, shape: 'matrix' }]), undefined);
  assert.equal(parseFunctionList({ 0: f }), undefined);
});

test('points input: one point, several points, empty = random, and the reasons for refusing', () => {
  assert.deepEqual(parsePointsInput('[1, 2, 3]'), { kind: 'points', points: [[1, 2, 3]] });
  assert.deepEqual(parsePointsInput(' [[1, 2], [-0.5, 3e-2]] '), {
    kind: 'points',
    points: [
      [1, 2],
      [-0.5, 0.03],
    ],
  });
  assert.deepEqual(parsePointsInput(''), { kind: 'random' });
  assert.deepEqual(parsePointsInput('   '), { kind: 'random' });
  assert.deepEqual(parsePointsInput('[1, 2'), { kind: 'invalid', reason: 'not-json' });
  assert.deepEqual(parsePointsInput('NaN'), { kind: 'invalid', reason: 'not-json' });
  assert.deepEqual(parsePointsInput('3'), { kind: 'invalid', reason: 'not-array' });
  assert.deepEqual(parsePointsInput('[]'), { kind: 'invalid', reason: 'not-array' });
  assert.deepEqual(parsePointsInput('{"x": [1]}'), { kind: 'invalid', reason: 'not-array' });
  assert.deepEqual(parsePointsInput('["1", 2]'), { kind: 'invalid', reason: 'not-numbers' });
  assert.deepEqual(parsePointsInput('[[1], []]'), { kind: 'invalid', reason: 'not-numbers' });
  assert.deepEqual(parsePointsInput('[[1], 2]'), { kind: 'invalid', reason: 'not-numbers' });
  assert.deepEqual(parsePointsInput('[1e999]'), { kind: 'invalid', reason: 'not-numbers' }); // JSON.parse gives Infinity
  fc.assert(
    fc.property(
      fc.array(fc.array(finite, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
      (points) => {
        assert.deepEqual(parsePointsInput(JSON.stringify(points)), {
          kind: 'points',
          points: points.map((p) => p.map((v) => (Object.is(v, -0) ? 0 : v))),
        });
      },
    ),
    { seed: 17 },
  );
});

test('formatValue: integers keep one decimal, small and large numbers go exponential, round trips to 6 digits', () => {
  assert.equal(formatValue(2), '2.0');
  assert.equal(formatValue(-2), '-2.0');
  assert.equal(formatValue(0), '0.0');
  assert.equal(formatValue(0.5), '0.5');
  assert.equal(formatValue(1 / 3), '0.333333');
  assert.equal(formatValue(1.23456789e-7), '1.23457e-7');
  assert.equal(formatValue(-2.5e12), '-2.5e12');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatValue(-Infinity), '-Infinity');
  fc.assert(
    fc.property(finite, (v) => {
      const back = Number(formatValue(v));
      assert.ok(Math.abs(back - v) <= 5e-6 * Math.abs(v), `${v} → ${formatValue(v)}`);
    }),
    { seed: 18 },
  );
});
