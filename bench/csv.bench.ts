/**
 * CSV loading: GradLab's byte scanner (typed Float64Array columns out) against papaparse and
 * csv-parse (parse, then Number() into Float64Array columns, so all three deliver the same thing),
 * measured in the same run, alternating rounds. Also checks the budget on 1M rows × 10
 * numeric columns: load time < 3 s and the extra peak memory of loading (child process, maxRSS)
 * against the numeric data's own size.
 *   node scripts/bench.js csv
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import Papa from 'papaparse';
import { parse as csvParseSync } from 'csv-parse/sync';
import { parseCsv } from '../src/engine/data';
import { Rng } from '../src/engine/numeric';

const COLS = 10;

function makeCsv(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const parts: string[] = [Array.from({ length: COLS }, (_, c) => `x${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < COLS; c++) {
      const v = rng.normal(0, 100);
      // A mix of what real files hold: fixed decimals, integers, scientific notation.
      cells.push(c % 5 === 4 ? v.toExponential(4) : c % 5 === 3 ? String(Math.round(v)) : v.toFixed(c + 1));
    }
    parts.push(cells.join(','));
  }
  return parts.join('\n') + '\n';
}

type Columns = Float64Array[];

function ours(bytes: Uint8Array): Columns {
  return parseCsv(bytes).columns.map((c) => (c.type === 'numeric' ? c.values : new Float64Array(0)));
}

function papa(text: string): Columns {
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  return toColumns(rows.slice(1));
}

function csvParse(text: string): Columns {
  const rows = csvParseSync(text, { skip_empty_lines: true, from_line: 2 }) as string[][];
  return toColumns(rows);
}

function toColumns(rows: string[][]): Columns {
  const cols = Array.from({ length: COLS }, () => new Float64Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < COLS; c++) cols[c]![r] = Number(row[c]);
  }
  return cols;
}

// A full GC before each timed parse, so no parser pays for the garbage of the one before it.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function timeMs(f: () => unknown): { ms: number; out: unknown } {
  gc();
  const t0 = performance.now();
  const out = f();
  return { ms: performance.now() - t0, out };
}

const median = (a: number[]) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

function checksum(cols: Columns): number {
  let s = 0;
  for (const c of cols) for (let i = 0; i < c.length; i += 97) s += c[i]!;
  return s;
}

/** In a child: read FILE, note peak RSS, load it with `which`, report the extra peak and time. */
function memoryChild(file: string, which: string): void {
  const bytes = fs.readFileSync(file);
  const text = which === 'ours' ? '' : bytes.toString('utf8');
  const before = process.resourceUsage().maxRSS * 1024;
  const cpu0 = process.cpuUsage();
  const t = timeMs(() => (which === 'ours' ? ours(bytes) : papa(text)));
  const cpu = process.cpuUsage(cpu0);
  const after = process.resourceUsage().maxRSS * 1024;
  const cols = t.out as Columns;
  // CPU time too: on a shared machine the wall clock includes waiting for a core.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ ms: t.ms, cpuMs, extraBytes: after - before, numericBytes: cols.length * (cols[0]?.length ?? 0) * 8 }));
}

function main(): void {
  const [, , flag, file, which] = process.argv;
  if (flag === '--memory-child') return memoryChild(file!, which!);

  // 1. Throughput, alternating rounds on 200k rows (≈ 20 MB).
  const text = makeCsv(200_000, 1);
  const bytes = Buffer.from(text, 'utf8');
  const mb = bytes.length / 1e6;
  const sums = [checksum(ours(bytes)), checksum(papa(text)), checksum(csvParse(text))];
  if (Math.abs(sums[0]! - sums[1]!) > 1e-6 * Math.abs(sums[1]!) || Math.abs(sums[0]! - sums[2]!) > 1e-6 * Math.abs(sums[2]!)) {
    throw new Error(`parsers disagree: ${sums.join(' ')}`);
  }
  const r: Record<string, number[]> = { ours: [], oursFromString: [], papaparse: [], csvParse: [] };
  for (let round = 0; round < 5; round++) {
    r['ours']!.push(mb / (timeMs(() => ours(bytes)).ms / 1000));
    r['oursFromString']!.push(mb / (timeMs(() => ours(new TextEncoder().encode(text))).ms / 1000));
    r['papaparse']!.push(mb / (timeMs(() => papa(text)).ms / 1000));
    r['csvParse']!.push(mb / (timeMs(() => csvParse(text)).ms / 1000));
  }
  const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)]));
  console.log(`200k rows × ${COLS} numeric columns, ${mb.toFixed(1)} MB, median of 5 rounds (MB/s):`);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(15)} ${v.toFixed(1)}`);
  console.log(`  ratio ours/papaparse ${(m['ours']! / m['papaparse']!).toFixed(2)}, ours/csv-parse ${(m['ours']! / m['csvParse']!).toFixed(2)}`);

  // 2. The budget: 1M rows in a fresh process each, so peak RSS belongs to the load alone.
  const big = path.join(os.tmpdir(), `gradlab-bench-${process.pid}.csv`);
  fs.writeFileSync(big, makeCsv(1_000_000, 2));
  const sizeMb = fs.statSync(big).size / 1e6;
  const run = (which: string) =>
    JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', __filename, '--memory-child', big, which], { encoding: 'utf8' })) as {
      ms: number;
      cpuMs: number;
      extraBytes: number;
      numericBytes: number;
    };
  const o = run('ours');
  const p = run('papaparse');
  fs.rmSync(big);
  console.log(`1M rows × ${COLS} numeric columns, ${sizeMb.toFixed(0)} MB file:`);
  console.log(`  ours      ${(o.ms / 1000).toFixed(2)} s (CPU ${(o.cpuMs / 1000).toFixed(2)} s), extra peak RSS ${(o.extraBytes / 1e6).toFixed(0)} MB = ${(o.extraBytes / o.numericBytes).toFixed(2)}× the ${(o.numericBytes / 1e6).toFixed(0)} MB of numbers`);
  console.log(`  papaparse ${(p.ms / 1000).toFixed(2)} s (CPU ${(p.cpuMs / 1000).toFixed(2)} s), extra peak RSS ${(p.extraBytes / 1e6).toFixed(0)} MB = ${(p.extraBytes / p.numericBytes).toFixed(2)}×`);
  console.log(
    JSON.stringify({
      bench: `csv ${COLS} numeric columns`,
      unit: 'MB/s',
      peer: 'papaparse 5 (parse + Number)',
      ours: m['ours'],
      theirs: m['papaparse'],
      ratio: m['ours']! / m['papaparse']!,
      csvParse: m['csvParse'],
      oursFromString: m['oursFromString'],
      load1MSeconds: o.ms / 1000,
      load1MCpuSeconds: o.cpuMs / 1000,
      load1MExtraMemoryRatio: o.extraBytes / o.numericBytes,
      papaparse1MSeconds: p.ms / 1000,
      papaparse1MExtraMemoryRatio: p.extraBytes / p.numericBytes,
    }),
  );
}

main();
