// ESLint (flat config) for every JavaScript file of why405: the extension's
// sources, platform layer, build scripts and tests, the web page (www/) and
// the lab (tests/lab). eslint, @eslint/js and globals are devDependencies of
// extension/ (pinned in its package-lock.json; nothing is fetched at lint time):
//   npm --prefix extension run lint:js
import { createRequire } from 'node:module';

// The packages live in extension/node_modules, not next to this file.
const require = createRequire(new URL('./extension/package.json', import.meta.url));
const js = require('@eslint/js');
const globals = require('globals');

/** Globals of the pages the tests evaluate code in (page.evaluate callbacks run there). */
const inPages = { why405Capture: 'readonly', missingFrom: 'readonly' };

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/target/**', '**/pkg/**', '**/.venv/**', '**/.next/**', 'tests/lab/tmp/**', 'bench-data/**'],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  // Browser code: the extension's pages, its platform layer, the web page.
  {
    files: ['extension/src/**/*.js', 'extension/platform/*.js', 'www/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    files: ['extension/src/background.js'],
    languageOptions: { globals: { ...globals.serviceworker, ...globals.webextensions } },
  },
  {
    files: ['www/worker.js'],
    languageOptions: { globals: globals.worker },
  },
  // Node: build scripts and servers.
  {
    files: ['extension/scripts/**', 'extension/platform/*.mjs', 'www/*.mjs', 'eslint.config.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  // Tests: node, driving browsers (their page.evaluate callbacks run in pages).
  {
    files: ['www/tests/**', 'extension/tests/**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node, ...globals.browser, ...globals.webextensions, ...inPages } },
  },
  {
    files: ['extension/tests/**/*.js', 'tests/lab/**'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.browser, ...globals.webextensions, ...inPages } },
  },
  // The lab's Next.js app: route handlers are ES modules run by Next.js's server (Request/Response globals).
  {
    files: ['tests/lab/servers/nextjs/app/**/*.js', 'tests/lab/servers/nextjs/proxy.js'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
];
