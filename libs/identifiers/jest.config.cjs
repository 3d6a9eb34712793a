module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'identifiers',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
