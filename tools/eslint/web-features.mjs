// The web app's layers (issue 13), in the spirit of bulletproof-react: code flows one way,
// shared → entities → features → app, and features never import each other.
//
//   app       apps/web/src/app          routes and composition: may import features, entities, shared
//   feature   apps/web/src/features/*   one domain's use cases and pages: entities and shared only
//   entity    apps/web/src/entities/*   read models several features need (query keys, queryOptions,
//                                       cache upserts, the small components every picker shares): shared only
//   shared    apps/web/src/shared       domain-free infrastructure and UI: shared only
//   testing   apps/web/src/test         the component specs' harness (fake API, fake socket, render):
//                                       shared only, and only test code imports it
//
// A feature (or an entity) may import its own files freely: dependencies inside one element are
// not checked. What one feature needs of another is composed in app/ (render props, slots, the
// live handlers list), never imported.
import boundaries from 'eslint-plugin-boundaries';

const web = 'apps/web/src';
const files = [`${web}/**/*.ts`, `${web}/**/*.tsx`];

/** @type {import('eslint').Linter.Config[]} */
export default [
  {
    files,
    plugins: { boundaries },
    settings: {
      // Relative imports and the tsconfig paths (@actionday/*) both resolve to files, so that every
      // import is classified; the contracts and the other libs are outside these elements and
      // left to @nx/enforce-module-boundaries.
      'import/resolver': {
        typescript: { project: 'apps/web/tsconfig.json', alwaysTryTypes: true },
        node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
      },
      'boundaries/legacy-templates': false,
      'boundaries/elements': [
        { type: 'app', pattern: `${web}/app`, partialMatch: false },
        { type: 'feature', pattern: `${web}/features/*`, capture: ['feature'], partialMatch: false },
        { type: 'entity', pattern: `${web}/entities/*`, capture: ['entity'], partialMatch: false },
        { type: 'shared', pattern: `${web}/shared`, partialMatch: false },
        { type: 'testing', pattern: `${web}/test`, partialMatch: false },
      ],
      'boundaries/files': [
        // The entry point (no element of its own): it mounts the app.
        { category: 'entry', pattern: `${web}/main.tsx` },
        // Test code: specs, the builders they share, and the component specs' harness.
        { category: 'test', pattern: '**/*.spec.{ts,tsx}' },
        { category: 'test', pattern: '**/test-fixtures.ts' },
        { category: 'test', pattern: `${web}/test/**` },
        // Every file of the app, so that "not test code" can be selected (categories accumulate).
        { category: 'source', pattern: `${web}/**` },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{ from.element.type }} {{ from.element.path }} may not import {{ to.element.type }} {{ to.element.path }}: features never import features (compose them in app/); entities import shared only, shared imports shared only',
          policies: [
            { from: { file: { categories: 'entry' } }, allow: { to: { element: { type: 'app' } } } },
            { from: { element: { type: 'app' } }, allow: { to: { element: { types: ['feature', 'entity', 'shared'] } } } },
            { from: { element: { type: 'feature' } }, allow: { to: { element: { types: ['entity', 'shared'] } } } },
            { from: { element: { type: 'entity' } }, allow: { to: { element: { type: 'shared' } } } },
            { from: { element: { type: 'shared' } }, allow: { to: { element: { type: 'shared' } } } },
            { from: { element: { type: 'testing' } }, allow: { to: { element: { type: 'shared' } } } },
            // Specs of any layer may use the harness.
            { from: { file: { categories: 'test' } }, allow: { to: { element: { type: 'testing' } } } },
            // Every record belongs to an operation: an entity's test builders may use the
            // operation's ids and builders (entities/operations/test-fixtures.ts), nothing else of it.
            {
              from: { element: { type: 'entity' }, file: { categories: 'test' } },
              allow: { to: { element: { type: 'entity', captured: { entity: 'operations' } }, file: { categories: 'test' } } },
            },
            // Test builders and the harness stay out of the app's own code.
            {
              from: { file: { categories: { noneOf: ['test'] } } },
              disallow: { to: { file: { categories: 'test' } } },
              message: '{{ from.file.path }} is not test code: test builders (test-fixtures.ts, apps/web/src/test) are for specs only',
            },
          ],
        },
      ],
      // A file under apps/web/src outside the layers above would escape the rule.
      'boundaries/no-unknown-files': 'error',
    },
  },
];
