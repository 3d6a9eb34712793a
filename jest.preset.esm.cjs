// The API's jest preset. NestJS 12 ships as ES modules only, and jest's own module loader cannot
// require() them on Node 20; the API's tests therefore run as native ES modules
// (node --experimental-vm-modules, see tools/jest/jest-esm.sh).
const base = require('./jest.preset.cjs');

const [pattern, [transformer, options]] = Object.entries(base.transform)[0];

module.exports = {
  ...base,
  extensionsToTreatAsEsm: ['.ts'],
  transform: { [pattern]: [transformer, { ...options, module: { type: 'es6' } }] },
};
