module.exports = {
  ...require('../../jest.preset.cjs').esm,
  displayName: 'api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
