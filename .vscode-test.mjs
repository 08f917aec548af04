// @vscode/test-cli configuration for desktop VS Code (npm run test:desktop downloads it, so it
// needs the internet). Offline, `npm test` runs the same suite inside code-server instead.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/extension/**/*.test.js',
  workspaceFolder: './examples',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 60000 },
});
