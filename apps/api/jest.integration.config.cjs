// Integration tests: real HTTP, real socket.io clients, a real PostgreSQL. The global setup finds
// a server (TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded one) and prepares a
// migrated template; every suite clones its own fresh database from it.
module.exports = {
  ...require('../../jest.preset.esm.cjs'),
  displayName: 'api-integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  // `npm test` sets this when no Redis answers (tools/scripts/test.mjs says so in its output).
  testPathIgnorePatterns: process.env.ACTIONDAY_SKIP_SCALE_OUT ? ['/node_modules/', 'scale-out'] : ['/node_modules/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
