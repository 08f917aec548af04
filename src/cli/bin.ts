/** dist/cli.js: the `gradlab` executable. */
import { main } from './main';
import { processIo, reportError } from './output';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportError(processIo, e, process.argv.includes('--json'));
  },
);
