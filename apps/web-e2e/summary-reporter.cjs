// Adds the browser tests' counts to the total that `npm test` prints (see tools/jest/summary-reporter.cjs).
const { appendFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor() {
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
  }
  onTestEnd(_test, result) {
    if (result.status === 'passed') this.passed++;
    else if (result.status === 'skipped') this.skipped++;
    else this.failed++;
  }
  onEnd() {
    const dir = join(__dirname, '../../tmp/test-results');
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'summary.jsonl'), JSON.stringify({ runner: 'playwright', name: 'web-e2e', passed: this.passed, failed: this.failed, skipped: this.skipped }) + '\n');
  }
}
module.exports = SummaryReporter;
