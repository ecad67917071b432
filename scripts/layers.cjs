/**
 * The import-boundary rules (`npm run lint`, run by `npm test`): dependency-cruiser checks every
 * import, type-only and side-effect imports included, against the layer it comes from. The folders
 * say where code runs (docs/architecture.md); this file is what makes them true.
 *
 * Every layer lists what it may import: its own folder, the layers below it, Node built-ins or not,
 * and the npm packages it may use. Anything not allowed here is an error, so a new package in a
 * layer is a line in this file (and a reason in the commit).
 */
'use strict';

/** Packages the pure layer may use: they touch no Node, DOM or Electron API. */
const PURE_PACKAGES = ['zod', 'approx-string-match'];
/** Packages the page may bundle (pdfjs-dist: the reader draws PDF pages with it, eval off, its worker from our origin). */
const RENDERER_PACKAGES = ['lexical', '@lexical/[^/]+', 'minisearch', 'pdfjs-dist', ...PURE_PACKAGES];
/** Packages that belong to one runtime only and never reach Node code of ours. */
const NOT_IN_NODE = ['electron', 'lexical', '@lexical/[^/]+'];

const pkg = (names) => `^node_modules/(${names.join('|')})/`;
const under = (...dirs) => `^(${dirs.join('|')})/`;

const COMMON = 'main/common';
const NODE = 'main/node';
const SERVER = 'main/server';
const CLI = 'main/cli';
const ELECTRON_MAIN = 'main/electron-main';
const SANDBOX = 'main/electron-sandbox';
const RENDERER = 'renderer/src';

/** A layer may import its own folder and these; `core` says whether Node built-ins are allowed. */
function layer(comment, from, to, { core = false, npm = null } = {}) {
  const rules = [{ comment, from: { path: under(from) }, to: { path: under(from, ...to) } }];
  if (core) rules.push({ comment: `${comment} (Node built-ins)`, from: { path: under(from) }, to: { dependencyTypes: ['core'] } });
  if (npm) rules.push({ comment: `${comment} (npm: ${npm.join(', ')})`, from: { path: under(from) }, to: { path: pkg(npm) } });
  return rules;
}

/** Node layers may use any runtime dependency except those of another runtime. */
const nodePackages = (from) => ({
  comment: `${from} may use runtime dependencies (not ${NOT_IN_NODE.join(', ')})`,
  from: { path: under(from) },
  to: { dependencyTypes: ['npm'], pathNot: pkg(NOT_IN_NODE) },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  allowedSeverity: 'error',
  allowed: [
    ...layer('the pure layer runs anywhere (renderer, workers, main): no Node, no DOM, no Electron', COMMON, [], { npm: PURE_PACKAGES }),
    ...layer('Node code: the backend, library, search, notebook, workers', NODE, [COMMON], { core: true }),
    nodePackages(NODE),
    ...layer('the loopback HTTP adapter is Node', SERVER, [COMMON, NODE], { core: true }),
    nodePackages(SERVER),
    ...layer('the command line is Node', CLI, [COMMON, NODE, SERVER], { core: true }),
    nodePackages(CLI),
    ...layer("Electron's main process: a thin shell over the Node backend", ELECTRON_MAIN, [COMMON, NODE], { core: true, npm: ['electron', ...PURE_PACKAGES] }),
    ...layer('the preload runs in the sandboxed renderer: only electron (contextBridge, ipcRenderer)', SANDBOX, [COMMON], { npm: ['electron'] }),
    ...layer('the page: the pure layer and its own packages, never Node or the backend', RENDERER, [COMMON], { npm: RENDERER_PACKAGES }),
    ...layer('build and launcher scripts run in plain Node', 'scripts', [NODE, COMMON], { core: true }),
    { comment: 'scripts may use dev tools (esbuild)', from: { path: under('scripts') }, to: { dependencyTypes: ['npm', 'npm-dev'] } },
  ],
  forbidden: [
    {
      name: 'anchoring-is-pure',
      comment: 'anchoring runs wherever a quote is shown: it imports the pure layer only, wherever its folder is',
      severity: 'error',
      from: { path: '^main/[^/]+/anchoring/' },
      to: { pathNot: `^main/common/|${pkg(PURE_PACKAGES)}` },
    },
    {
      name: 'no-circular',
      comment: 'a cycle between modules makes load order matter and hides which one is the lower layer',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-dev-dependency-at-run-time',
      comment: 'the CLI runs with production dependencies only: runtime code may not import a devDependency',
      severity: 'error',
      from: { path: under(COMMON, NODE, SERVER, CLI, ELECTRON_MAIN, SANDBOX) },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: pkg(['electron']) },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing is a typo or a missing dependency',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
