import { main } from './run';

// The `npm run sim` entry point: exit codes are 0 ok, 1 expectation failed (--check), 2 bad input.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  },
);
