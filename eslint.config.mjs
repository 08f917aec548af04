// ESLint (flat config) with typescript-eslint. Forbids focused or skipped tests: no suite may be
// silently left out of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const focusOrSkip = ['only', 'skip', 'todo'].flatMap((property) =>
  ['test', 'it', 'describe', 'suite'].map((object) => ({ object, property, message: 'Focused or skipped tests are not allowed.' })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/vendor/**', 'test/fixtures/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...focusOrSkip],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts', 'src/extension/workers/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['scripts/**/*.js', 'test/realvscode/**/*.js', '*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', window: 'readonly', document: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-empty': 'off', '@typescript-eslint/no-unused-vars': 'off' },
  },
);
