module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'tallies',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
