import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, type CsvColumn, type CsvTable } from '../../../src/engine/data';
import { GradLabError } from '../../../src/engine/errors';

function col(t: CsvTable, name: string): CsvColumn {
  const c = t.columns.find((x) => x.name === name);
  assert.ok(c, `no column ${name}`);
  return c;
}
function numbers(t: CsvTable, name: string): number[] {
  const c = col(t, name);
  assert.equal(c.type, 'numeric', `${name} is ${c.type}`);
  return c.type === 'numeric' ? Array.from(c.values) : [];
}
function texts(t: CsvTable, name: string): Array<string | null> {
  const c = col(t, name);
  assert.notEqual(c.type, 'numeric', `${name} is numeric`);
  return c.type === 'numeric' ? [] : Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]!));
}

test('RFC 4180: quoted fields, doubled quotes, delimiters and newlines inside quotes', () => {
  const t = parseCsv('id,text,n\n1,"a, b",10\n2,"say ""hi""",20\n3,"two\nlines",30\n4,plain,40\n');
  assert.deepEqual(texts(t, 'text'), ['a, b', 'say "hi"', 'two\nlines', 'plain']);
  assert.deepEqual(numbers(t, 'n'), [10, 20, 30, 40]);
  // Each record is reported at the line where it starts: the 2-line record pushes the next one down.
  assert.deepEqual(Array.from(t.rowLines), [2, 3, 4, 6]);
});

test('UTF-8 BOM, CRLF and lone CR line ends, a missing final newline', () => {
  const crlf = parseCsv('\uFEFFa,b\r\n1,2\r\n3,4');
  assert.deepEqual(crlf.columns.map((c) => c.name), ['a', 'b']);
  assert.deepEqual(numbers(crlf, 'b'), [2, 4]);
  const cr = parseCsv('a,b\r1,2\r3,4\r');
  assert.deepEqual(numbers(cr, 'a'), [1, 3]);
  assert.deepEqual(Array.from(cr.rowLines), [2, 3]);
});

test('bytes and the same text as a string parse identically (Buffer, Uint8Array view)', () => {
  const text = '特征,目标\n1.5,是\n2.5,否\n';
  const fromString = parseCsv(text);
  const buf = Buffer.from(text, 'utf8');
  const fromBuffer = parseCsv(buf);
  const fromView = parseCsv(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  for (const t of [fromBuffer, fromView]) {
    assert.deepEqual(numbers(t, '特征'), numbers(fromString, '特征'));
    assert.deepEqual(texts(t, '目标'), ['是', '否']);
  }
});

test('delimiter detection: comma, semicolon, tab, pipe; quotes-aware', () => {
  assert.equal(parseCsv('a,b\n1,2\n').delimiter, ',');
  assert.equal(parseCsv('a;b;c\n1;2;3\n').delimiter, ';');
  assert.equal(parseCsv('a\tb\n1\t2\n').delimiter, '\t');
  assert.equal(parseCsv('a|b\n1|2\n').delimiter, '|');
  // Commas inside quotes must not win over the real delimiter.
  const t = parseCsv('name;note;v\n"Smith, J";"a, b, c, d";1\n"Doe, K";"e, f";2\n');
  assert.equal(t.delimiter, ';');
  assert.deepEqual(texts(t, 'name'), ['Smith, J', 'Doe, K']);
  // An explicit delimiter overrides detection; one column needs none.
  assert.equal(parseCsv('a;b\n1;2\n', { delimiter: ',' }).columns.length, 1);
  assert.deepEqual(numbers(parseCsv('y\n1\n2\n'), 'y'), [1, 2]);
});

test('numbers: whitespace around them, signs, scientific notation, quoted numbers', () => {
  const t = parseCsv('x,y\n  1.5 ,-2e3\n+.5,"7"\n-0.0,1E-2\n 3 ,6.02214076e23\n');
  assert.deepEqual(numbers(t, 'x'), [1.5, 0.5, -0, 3]);
  assert.deepEqual(numbers(t, 'y'), [-2000, 7, 0.01, 6.02214076e23]);
});

test('decimal comma in a semicolon file (3,14 and no 3.14 anywhere)', () => {
  const t = parseCsv('Preis;Fläche\n3,14;100\n-2,5;1,5e2\n');
  assert.equal(t.decimal, ',');
  assert.deepEqual(numbers(t, 'Preis'), [3.14, -2.5]);
  assert.deepEqual(numbers(t, 'Fläche'), [100, 150]);
  // With a decimal point present the comma stays text.
  assert.equal(parseCsv('a;b\n3,14;1.5\n2,5;2.5\n').decimal, '.');
});

test('type inference: numeric, categorical, boolean (any spelling), all-missing', () => {
  const t = parseCsv('n,c,b,m\n1,red,True,\n2,blue,FALSE,NA\n3,red,true,\n');
  assert.equal(col(t, 'n').type, 'numeric');
  assert.equal(col(t, 'c').type, 'categorical');
  assert.deepEqual(texts(t, 'c'), ['red', 'blue', 'red']);
  const b = col(t, 'b');
  assert.equal(b.type, 'boolean');
  assert.deepEqual(texts(t, 'b'), ['true', 'false', 'true']);
  assert.equal(col(t, 'm').type, 'numeric');
  assert.equal(col(t, 'm').missing, 3);
});

test('a mostly numeric column with a stray word stays numeric and remembers the cell', () => {
  const t = parseCsv('x\n1\n2\nabc\n4\ndef\n6\n');
  const x = col(t, 'x');
  assert.equal(x.type, 'numeric');
  assert.deepEqual(x.type === 'numeric' ? x.invalid : undefined, { row: 4, text: 'abc', count: 2 });
  // Mostly words: categorical, the numbers become levels.
  const c = parseCsv('z\nA1\nB2\n3\nC4\n');
  assert.deepEqual(texts(c, 'z'), ['A1', 'B2', '3', 'C4']);
});

test('the sample guess is corrected when the rest of the file disagrees', () => {
  // 1000 numbers then 1500 words: the first 1000 rows look numeric, the whole column is text.
  const rows = [...Array.from({ length: 1000 }, (_, i) => String(i)), ...Array.from({ length: 1500 }, (_, i) => `w${i % 7}`)];
  const t = parseCsv(`v\n${rows.join('\n')}\n`);
  const v = col(t, 'v');
  assert.equal(v.type, 'categorical');
  assert.equal(texts(t, 'v')[999], '999');
  assert.equal(texts(t, 'v')[1000], 'w0');
});

test('missing markers: empty, NA, N/A, NaN, null, None, ? (any case), in numeric and text columns', () => {
  const t = parseCsv('x,s\n,a\nNA,N/A\nnan,NULL\nnull,none\n?,b\n5,c\n');
  const x = col(t, 'x');
  assert.equal(x.missing, 5);
  assert.equal(x.firstMissingRow, 2);
  assert.equal(col(t, 's').missing, 3);
  assert.deepEqual(texts(t, 's'), ['a', null, null, null, 'b', 'c']);
});

test('blank lines (also with spaces) are skipped; line numbers stay those of the file', () => {
  const t = parseCsv('\n\na,b\n\n1,2\n   \n3,4\n\n');
  assert.equal(t.headerLine, 3);
  assert.deepEqual(Array.from(t.rowLines), [5, 7]);
});

test('non-ASCII headers and values; header names are trimmed, empty ones named by position', () => {
  const t = parseCsv(' 特征 ,,目标\n1,2,三\n');
  assert.deepEqual(t.columns.map((c) => c.name), ['特征', 'column 2', '目标']);
});

test('a tab-delimited file keeps empty fields (tabs are not blank lines there)', () => {
  const t = parseCsv('a\tb\tc\n1\t\t3\n\t\t\n4\t5\t6\n');
  assert.equal(t.rowCount, 3);
  assert.deepEqual(numbers(t, 'b').map((v) => (Number.isNaN(v) ? null : v)), [null, null, 5]);
});

test('more rows than the line-count estimate (lone CR inside LF file) grow the columns', () => {
  const body = Array.from({ length: 50 }, (_, i) => `${i},${i * 2}`).join('\r');
  const t = parseCsv(`a,b\n${body}\n`);
  assert.equal(t.rowCount, 50);
  assert.deepEqual(numbers(t, 'b').slice(-2), [96, 98]);
});

test('UTF-16 with a byte-order mark (LE and BE) or without one reads like the same UTF-8', () => {
  const text = 'x\t目标\r\n1.5\t是\r\n2\t否\r\n';
  const le = Buffer.from('\uFEFF' + text, 'utf16le');
  const be = Buffer.from(le).swap16();
  const bare = Buffer.from(text, 'utf16le');
  for (const bytes of [le, be, bare]) {
    const t = parseCsv(bytes);
    assert.equal(t.delimiter, '\t');
    assert.deepEqual(numbers(t, 'x'), [1.5, 2]);
    assert.deepEqual(texts(t, '目标'), ['是', '否']);
    assert.deepEqual(Array.from(t.rowLines), [2, 3]);
  }
});

test("Excel's sep= first line sets the delimiter; the header is then line 2", () => {
  const t = parseCsv('sep=;\r\nx;y\r\n1,5;2\r\n2,5;3\r\n');
  assert.equal(t.delimiter, ';');
  assert.equal(t.headerLine, 2);
  assert.deepEqual(numbers(t, 'x'), [1.5, 2.5]);
  assert.deepEqual(Array.from(t.rowLines), [3, 4]);
  // A column named "sep=x" with data under it is a header, not the marker.
  assert.deepEqual(parseCsv('sep=x,b\n1,2\n').columns.map((c) => c.name), ['sep=x', 'b']);
  assert.throws(() => parseCsv('sep=:\na:b\n1:2\n'), (e: unknown) => e instanceof GradLabError && /sep=:/.test(e.message) && e.place?.kind === 'csv' && e.place.row === 1);
});

test('a trailing delimiter on every line (header too) leaves no phantom column; made-up names never collide', () => {
  const t = parseCsv('x,y,\n1,2,\n3,4,\n');
  assert.deepEqual(t.columns.map((c) => c.name), ['x', 'y']);
  // An unnamed column with values stays, under a name that differs from every real one.
  const u = parseCsv('x,,column 2\n1,2,3\n4,5,6\n');
  assert.deepEqual(u.columns.map((c) => c.name), ['x', 'column 2_', 'column 2']);
  assert.deepEqual(numbers(u, 'column 2_'), [2, 5]);
});

test('thousands separators: "1,234.5" in a comma file, 1.234,5 with a decimal comma', () => {
  const t = parseCsv('x,price\n"1,234",1\n"12,345.5",2\n7,"1,000,000"\n');
  assert.deepEqual(numbers(t, 'x'), [1234, 12345.5, 7]);
  assert.deepEqual(numbers(t, 'price'), [1, 2, 1e6]);
  const eu = parseCsv('x;y\n1.234,5;3,25\n4.000;7\n');
  assert.equal(eu.decimal, ',');
  assert.deepEqual(numbers(eu, 'x'), [1234.5, 4000]);
  assert.deepEqual(numbers(eu, 'y'), [3.25, 7]);
  // Alone, 1,250 in a semicolon file is a decimal comma (as before); 1.250 a decimal point.
  assert.deepEqual(numbers(parseCsv('a;b\n1,250;1\n2,5;2\n'), 'a'), [1.25, 2.5]);
  assert.deepEqual(numbers(parseCsv('a;b\n1.250;1\n2.5;2\n'), 'a'), [1.25, 2.5]);
  // A decimal point elsewhere makes 1,234 a thousands separator.
  assert.deepEqual(numbers(parseCsv('a;b\n1,234;0.5\n2;1.5\n'), 'a'), [1234, 2]);
  // Not grouping: "1,23" and "0,123" stay text in a comma file.
  assert.equal(col(parseCsv('a,b\n"1,23",1\n"0,123",2\n'), 'a').type, 'categorical');
});
