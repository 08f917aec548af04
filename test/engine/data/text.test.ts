import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lineAt, scanText } from '../../../src/engine/data/text';

test('scanText accepts exactly what a fatal TextDecoder accepts (random bytes, biased to UTF-8 edges)', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const byte = fc.oneof(fc.integer({ min: 1, max: 0x7f }), fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0x80, 0xbf, 0x9f, 0x8f));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 12 }), (arr) => {
      const bytes = Uint8Array.from(arr);
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return; // read as a UTF-16 mark on purpose
      if (bytes[0] === 0xfe && bytes[1] === 0xff) return;
      let valid = true;
      try {
        fatal.decode(bytes);
      } catch {
        valid = false;
      }
      assert.equal(scanText(bytes).badOffset < 0, valid, `bytes ${Array.from(bytes, (b) => b.toString(16)).join(' ')}`);
    }),
    { numRuns: 5000, seed: 3 },
  );
});

test('scanText: valid multi-byte text, NUL, counts of line breaks; lineAt counts as the editor does', () => {
  const ok = new TextEncoder().encode('特征,目标\n1,😀\r\n2,é\n');
  assert.deepEqual(scanText(ok), { badOffset: -1, badKind: null, newlines: 3 });
  const nul = Uint8Array.from([0x61, 0x0a, 0x62, 0x00]);
  assert.deepEqual(scanText(nul), { badOffset: 3, badKind: 'nul', newlines: 1 });
  const lines = new TextEncoder().encode('a\r\nb\rc\nd');
  assert.equal(lineAt(lines, lines.length - 1), 4);
});
