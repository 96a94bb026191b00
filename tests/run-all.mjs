// Runs every vitest project (unit, interop, e2e) and closes with one plain line
// "tests: N passed, N failed, N skipped" that any CI can read. Under CI=true a skipped
// or todo test is a failure: nothing may be quietly left out there.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';

const out = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numFailedTestSuites && !failed) failed = r.numFailedTestSuites;
} catch {
  failed = Math.max(failed, 1);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
let code = run.status ?? 1;
if (process.env.CI === 'true' && skipped > 0) {
  console.error(`CI=true: ${skipped} test(s) were skipped; every test must run in CI`);
  code = code || 1;
}
if (passed === 0) code = code || 1;
process.exit(code);
