// Shared by every project's jest config: swc for speed (type-checking is the `typecheck`
// target's job) and the same path aliases as tsconfig.base.json.
const path = require('node:path');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const base = {
  testEnvironment: 'node',
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.cjs')],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@actionday/contracts$': path.join(__dirname, 'libs/contracts/src/index.ts'),
    '^@actionday/identifiers$': path.join(__dirname, 'libs/identifiers/src/index.ts'),
    '^@actionday/tallies$': path.join(__dirname, 'libs/tallies/src/index.ts'),
    '^@actionday/seed$': path.join(__dirname, 'tools/seed/src/index.ts'),
  },
};

module.exports = base;
