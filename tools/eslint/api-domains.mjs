// The API's domains (issue 13): every folder of apps/api/src is a domain (auth, operations,
// targets, findings, journal, ...), and a domain's tables belong to it alone. Its entities
// (*.entity.ts) and its repository (*.repository.ts) are private to it: another domain reads and
// writes them only through the owner's services. Tests may import anything; database/ registers
// every entity with TypeORM (data-source.ts) and so may import them all.
import boundaries from 'eslint-plugin-boundaries';

/** Files of a domain that are its persistence: importing them from another domain is an error. */
const PRIVATE_TO_THE_DOMAIN = ['**/*.entity.ts', '**/*.repository.ts'];

/** The folders that may import every domain's entities (the TypeORM data source lists them). */
const SEES_EVERY_ENTITY = ['database'];

/** @type {import('eslint').Linter.Config[]} */
export default [
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/**/*.spec.ts'],
    plugins: { boundaries },
    settings: {
      // Imports are resolved as TypeScript resolves them, so that a rule sees the file imported.
      'import/resolver': { typescript: { project: 'apps/api/tsconfig.json' } },
      'boundaries/include': ['apps/api/src/**/*.ts'],
      'boundaries/elements': [{ type: 'api-domain', pattern: 'apps/api/src/*', capture: ['domain'] }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'api-domain', captured: { domain: SEES_EVERY_ENTITY.map((d) => `!${d}`) } } },
              disallow: {
                to: {
                  element: {
                    type: 'api-domain',
                    captured: { domain: '!{{ from.element.captured.domain }}' },
                    fileInternalPath: PRIVATE_TO_THE_DOMAIN,
                  },
                },
              },
              message:
                'A domain imports only its own entities and repository: {{ to.element.captured.domain }} owns this file; go through a service it exports.',
            },
          ],
        },
      ],
    },
  },
];
