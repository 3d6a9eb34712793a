// Appends each jest run's counts to tmp/test-results/summary.jsonl, so that `npm test`
// (tools/scripts/test.mjs) can print one total over every project and level.
const { appendFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = (globalConfig.projects?.[0] ?? '').split('/').slice(-2).join('/') || 'jest';
  }
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '../../tmp/test-results');
    mkdirSync(dir, { recursive: true });
    appendFileSync(
      join(dir, 'summary.jsonl'),
      JSON.stringify({
        runner: 'jest',
        name: process.env.NX_TASK_TARGET_PROJECT ? `${process.env.NX_TASK_TARGET_PROJECT}:${process.env.NX_TASK_TARGET_TARGET}` : this.name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }) + '\n',
    );
  }
}
module.exports = SummaryReporter;
