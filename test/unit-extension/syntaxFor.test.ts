import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntaxFor } from '../../src/extension/differentiate/syntaxFor';

test('an explicit gradlab.syntax always wins', () => {
  assert.equal(syntaxFor('python', 'typescript', 'Math.sin(x)'), 'python');
  assert.equal(syntaxFor('mathjs', 'python', 'x**2'), 'mathjs');
});

test('auto: the document language settles ambiguous text, clear marks of another syntax go to the engine', () => {
  assert.equal(syntaxFor('auto', 'typescript', 'x ** 2 + 1'), 'javascript');
  assert.equal(syntaxFor('auto', 'javascriptreact', 'Math.sin(x) ** 2'), 'javascript');
  assert.equal(
    syntaxFor('auto', 'javascript', 'x^2 * sin(x)'),
    'auto',
    'mathjs written in a comment',
  );
  assert.equal(syntaxFor('auto', 'typescript', 'np.exp(x)'), 'auto');
  assert.equal(syntaxFor('auto', 'python', 'x*x + 1'), 'python');
  assert.equal(syntaxFor('auto', 'python', 'x^2'), 'auto');
  assert.equal(syntaxFor('auto', 'python', 'Math.exp(x)'), 'auto');
  assert.equal(syntaxFor('auto', 'markdown', 'x**2'), 'auto');
  assert.equal(syntaxFor('auto', 'plaintext', 'Math.tanh(x)'), 'auto');
});
