// @ts-check
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

/**
 * Layers as allow-lists (after VS Code's layering table and Signal Desktop's classified
 * dependencies). Each part of the tree names the layers and the packages it may import;
 * anything else fails lint, so a new package or a new reach across layers is a decision
 * made here, in review, not an accident. eslint-plugin-boundaries resolves every import
 * (static, dynamic, re-export, require) to a file or a package and checks it against
 * these lists; a file in no layer fails too. (ESLint's own no-restricted-imports can only
 * deny the names it is given, and sees an import's text rather than the file it resolves
 * to; import-x's no-restricted-paths denies zones but cannot classify packages.)
 */
export const LAYERS = {
  shared: {
    files: 'src/shared/**',
    layers: ['shared'],
    node: false,
    why: 'src/shared is pure TypeScript that every process loads: it imports zod and src/shared only',
  },
  store: {
    files: 'src/core/store/**',
    layers: ['shared', 'store'],
    // Below everything else in the engine: the log, and the scrubber that keeps secrets out of stored messages.
    allow: [{ to: { element: { type: 'core' }, file: { path: ['src/core/log/**', 'src/core/secrets/scrub.ts'] } } }],
    node: true,
    why: 'src/core/store is the bottom of the engine: SQLite, src/shared, the log and the secret scrubber; never analytics, alerts, providers or anything else above it',
  },
  core: {
    files: 'src/core/**',
    layers: ['shared', 'store', 'core'],
    node: true,
    why: 'src/core is the engine and runs in plain Node: it imports src/shared, Node and its own packages, never electron, main, preload, the renderer or the CLI',
  },
  cli: {
    files: 'src/cli/**',
    layers: ['shared', 'store', 'core', 'cli'],
    node: true,
    why: 'src/cli runs in plain Node on top of src/core: the database, the keychain and electron are core’s business',
  },
  main: {
    files: 'src/main/**',
    layers: ['shared', 'store', 'core', 'main'],
    node: true,
    why: 'src/main is Electron glue over src/core: electron, Node, src/core and src/shared, never the renderer, the preload or the CLI',
  },
  preload: {
    files: 'src/preload/**',
    layers: [],
    // A sandboxed preload is bundled whole: at run time it may carry the channel names
    // (src/shared/channels.ts, no zod), and types from anywhere in src/shared.
    allow: [
      { to: { element: { type: 'shared' } }, dependency: { kind: 'type' } },
      { to: { element: { type: 'shared' }, file: { path: 'src/shared/channels.ts' } } },
    ],
    node: false,
    why: 'the preload only bridges the typed api: electron, src/shared/channels.ts, and types from src/shared',
  },
  renderer: {
    files: 'src/renderer/**',
    layers: ['shared', 'renderer'],
    node: false,
    why: 'the renderer is a web page: it reaches the engine only through window.api, never core, main, Node or electron',
  },
  test: {
    files: 'test/**',
    layers: ['shared', 'store', 'core', 'cli', 'main', 'preload', 'renderer', 'test', 'scripts', 'bench'],
    node: true,
    why: 'tests may reach any source layer (and the benchmark data generator), and only test packages',
  },
  scripts: {
    files: 'scripts/**',
    layers: ['scripts'],
    node: true,
    why: 'scripts are standalone tools: Node and their own packages',
  },
  bench: {
    files: 'bench/**',
    layers: ['shared', 'store', 'core', 'test', 'bench'],
    node: true,
    why: 'the benchmark drives src/core with the tests’ helpers',
  },
};

/** The build, test and lint configuration at the top of the tree: a file category, not a folder. */
const CONFIG = {
  files: '*.config.{js,ts}',
  node: true,
  why: 'build and lint configuration imports build and lint packages only',
};

/**
 * Every package in package.json, and the layers that may import it. An empty list is a
 * tool run from the command line (or a type package TypeScript finds by itself): importing
 * it anywhere fails lint. A package missing here, or listed here but not in package.json,
 * stops lint before it starts.
 */
export const PACKAGES = {
  // Shipped in the app.
  zod: ['shared', 'store', 'core', 'cli', 'main', 'test', 'bench'],
  // SQLite is the store's business: the rest of the engine reaches it through core.repos.
  'better-sqlite3': ['store', 'test', 'bench'],
  keytar: ['core'],
  // /metrics in the Prometheus format (serve and the app's endpoint), and OTLP push (serve).
  'prom-client': ['core'],
  '@opentelemetry/api': ['core'],
  '@opentelemetry/sdk-metrics': ['core'],
  '@opentelemetry/exporter-metrics-otlp-http': ['core'],
  '@opentelemetry/resources': ['core'],
  // The CLI measures text in terminal columns (CJK labels, emoji) to align its tables.
  'string-width': ['cli'],
  // The log: JSON lines (pino) to a size-rotated file (pino-roll), written by core only.
  pino: ['core'],
  'pino-roll': ['core'],
  // The languages (src/shared/i18n.ts): plurals and interpolation from the message catalogs,
  // for the window, the tray, notifications and alert messages; react-i18next binds the window.
  i18next: ['shared', 'core', 'renderer', 'test'],
  'react-i18next': ['renderer'],
  // The desktop shell and the window.
  electron: ['main', 'preload'],
  react: ['renderer'],
  'react-dom': ['renderer'],
  zustand: ['renderer'],
  uplot: ['renderer'],
  // Tests, benchmarks and scripts.
  vitest: ['test', 'config'],
  'playwright-core': ['test', 'scripts', 'bench'],
  '@electron/asar': ['test'],
  // Type-checks the Grafana dashboard against the types Grafana's Foundation SDK generates from its schema.
  '@grafana/grafana-foundation-sdk': ['test'],
  typescript: ['test'],
  'electron-builder': ['test'],
  // The layer rules' own test runs eslint on fixtures.
  eslint: ['test'],
  'typescript-eslint': ['config', 'test'],
  // Build and lint configuration.
  'electron-vite': ['config'],
  '@vitejs/plugin-react': ['config'],
  '@eslint/js': ['config'],
  'eslint-plugin-react-hooks': ['config'],
  'eslint-plugin-boundaries': ['config'],
  'eslint-config-prettier': ['config'],
  globals: ['config'],
  // Command-line tools and type packages: never imported.
  '@doyensec/electronegativity': [],
  '@types/better-sqlite3': [],
  '@types/node': [],
  '@types/react': [],
  '@types/react-dom': [],
  knip: [],
  prettier: [],
  vite: [],
};

/**
 * Not in package.json: electron-builder's own parts, which test/security/fuses.test.ts
 * loads to check electron-builder's fuse mapping (their versions are electron-builder's).
 */
const PARTS_OF_LISTED_PACKAGES = {
  '@electron/fuses': ['test'],
  'app-builder-lib': ['test'],
  'js-yaml': ['test'],
};

/**
 * Packages in package.json that PACKAGES does not classify, and classified ones it lacks.
 * @param {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} packageJson
 */
export function packageClassificationProblems(packageJson) {
  const listed = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies });
  return [
    ...listed
      .filter((name) => !Object.hasOwn(PACKAGES, name))
      .map((name) => `${name} is in package.json but not classified in eslint.config.js (PACKAGES)`),
    ...Object.keys(PACKAGES)
      .filter((name) => !listed.includes(name))
      .map((name) => `${name} is classified in eslint.config.js (PACKAGES) but not in package.json`),
  ];
}

const problems = packageClassificationProblems(
  JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8')),
);
if (problems.length) throw new Error(`eslint.config.js: every package needs a layer.\n${problems.join('\n')}`);

/** @param {string} layer */
const packagesFor = (layer) =>
  Object.entries({ ...PACKAGES, ...PARTS_OF_LISTED_PACKAGES })
    .filter(([, layers]) => layers.includes(layer))
    .map(([name]) => name);

/**
 * For each layer: refuse everything with the layer's reason, then allow what it lists
 * (a later policy wins over an earlier one).
 * @param {object} from the selector for the layer's files
 * @param {string} name
 * @param {{ why: string, node: boolean, layers?: string[], allow?: object[] }} layer
 */
function policies(from, name, layer) {
  const allowed = [...(layer.allow ?? [])];
  if (layer.layers?.length) allowed.push({ to: { element: { type: layer.layers } } });
  const packages = packagesFor(name);
  if (packages.length) allowed.push({ to: { module: { origin: 'external', source: packages } } });
  if (layer.node) allowed.push({ to: { module: { origin: 'core' } } });
  return [
    {
      from,
      disallow: { to: { module: { origin: ['local', 'external', 'core'] } } },
      message: `${layer.why} ({{dependency.source}} is not allowed)`,
    },
    ...(allowed.length ? [{ from, allow: allowed }] : []),
  ];
}
const layerPolicies = [
  ...Object.entries(LAYERS).flatMap(([type, layer]) => policies({ element: { type } }, type, layer)),
  ...policies({ file: { categories: 'config' } }, 'config', CONFIG),
];

/** The database under a core is for tests and the benchmark (see databaseForTests in src/core/core.ts). */
const DATABASE_FOR_TESTS =
  'the engine reaches the database through core.repos (src/core/store); databaseForTests is for tests and the benchmark';

const RAW_IPC = 'raw IPC lives in src/main/ipc.ts and src/preload/index.ts: call the typed api instead';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'docs/**', 'bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The engine is all async I/O: a forgotten promise is a lost reading or an unhandled rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    files: [
      'src/shared/**',
      'src/core/**',
      'src/cli/**',
      'src/main/**',
      'src/preload/**',
      'test/**',
      'scripts/**',
      'bench/**',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    plugins: { boundaries },
    settings: {
      'boundaries/elements': Object.entries(LAYERS).map(([type, layer]) => ({
        type,
        pattern: layer.files,
        partialMatch: false,
      })),
      'boundaries/files': [{ category: 'config', pattern: CONFIG.files }],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies: layerPolicies },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: RAW_IPC }],
          patterns: [{ group: ['**/core.ts'], importNames: ['databaseForTests'], message: DATABASE_FOR_TESTS }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { property: 'ipcMain', message: RAW_IPC },
        { property: 'ipcRenderer', message: RAW_IPC },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/core/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message:
            'SQL lives in a repository under src/core/store (a *-repo.ts): add a method there instead of calling prepare() here',
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  // Layout is prettier's (npm run format); eslint keeps to what prettier does not decide.
  prettier,
);
