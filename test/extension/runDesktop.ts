/**
 * `npm run test:desktop`: the integration suite in desktop VS Code, through @vscode/test-electron
 * (which downloads VS Code: it needs the internet, so it is not part of the offline `npm test`).
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'index.js'),
    launchArgs: [path.join(root, 'examples'), '--disable-extensions'],
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
