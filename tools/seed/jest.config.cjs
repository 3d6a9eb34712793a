module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'seed',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
