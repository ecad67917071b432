/**
 * Bundles every runtime piece with esbuild (type checking is `tsc -b`'s job, run by `npm run build`
 * and `npm test`). Outputs go to the gitignored out/:
 *   out/cli.mjs             the `sourcebook` command (backend + loopback server), Node ESM
 *   out/index-worker.mjs    the search index worker
 *   out/electron/main.cjs   Electron main process; out/electron/preload.cjs the sandboxed preload
 *   out/renderer/           index.html, app.js, app.css
 */
import { build, type BuildOptions } from 'esbuild';
import { chmod, copyFile, cp, mkdir, readdir, readFile, rm, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const exists = (p: string) => access(p).then(() => true, () => false);

const node: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled ESM still meets CommonJS-only packages through require().
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
};

async function buildRenderer() {
  const dir = path.join(out, 'renderer');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await build({
    entryPoints: [path.join(root, 'renderer/src/main.ts')],
    outfile: path.join(dir, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: 'linked',
    minify: process.env.NODE_ENV === 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
    logLevel: 'warning',
  });
  await copyFile(path.join(root, 'renderer/index.html'), path.join(dir, 'index.html'));
  // pdf.js's worker, served from our own origin (the CSP allows no other); .js so every server types it as script.
  await copyFile(path.join(root, 'node_modules/pdfjs-dist/build/pdf.worker.min.mjs'), path.join(dir, 'pdf.worker.js'));
  // Its CMaps (CJK and other CID fonts without an embedded mapping) and standard fonts, from our own origin too.
  await copyPdfJsAssets(path.join(dir, 'pdfjs'));
  const stylesDir = path.join(root, 'renderer/src/styles');
  const css = (await exists(stylesDir)) ? (await readdir(stylesDir)).filter((f) => f.endsWith('.css')).sort() : [];
  const parts = await Promise.all(css.map(async (f) => `/* ${f} */\n${await readFile(path.join(stylesDir, f), 'utf8')}`));
  await writeFile(path.join(dir, 'app.css'), parts.join('\n'));
}

async function buildNode() {
  await build({
    ...node,
    // npx runs the bin directly: it needs its interpreter line first.
    banner: { js: `#!/usr/bin/env node\n${node.banner!.js}` },
    entryPoints: [path.join(root, 'main/cli/main.ts')],
    outfile: path.join(out, 'cli.mjs'),
  });
  await chmod(path.join(out, 'cli.mjs'), 0o755);
  const worker = path.join(root, 'main/node/search/index-worker.ts');
  // The worker also runs inside the packaged Electron app, which ships no node_modules: bundle its packages in.
  // pdf.js's optional canvas binding is for rendering, which the worker never does.
  if (await exists(worker)) await build({ ...node, packages: undefined, external: ['@napi-rs/canvas'], entryPoints: [worker], outfile: path.join(out, 'index-worker.mjs') });
  await copyPdfJsAssets(path.join(out, 'pdfjs'));
}

/** pdf.js reads CMaps (CJK and other CID fonts) and the standard fonts from files beside the bundle: never fetched. */
async function copyPdfJsAssets(dir: string) {
  const pkg = path.join(root, 'node_modules/pdfjs-dist');
  await rm(dir, { recursive: true, force: true });
  for (const sub of ['cmaps', 'standard_fonts']) await cp(path.join(pkg, sub), path.join(dir, sub), { recursive: true });
}

async function buildElectron() {
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['electron'], sourcemap: 'linked', logLevel: 'warning' };
  const main = path.join(root, 'main/electron-main/main.ts');
  const preload = path.join(root, 'main/electron-sandbox/preload.ts');
  // The Electron main process carries the backend; bundling its packages in spares the asar a node_modules walk.
  if (await exists(main)) await build({ ...common, entryPoints: [main], outfile: path.join(out, 'electron/main.cjs') });
  // A sandboxed preload may require nothing but `electron`: bundle everything else in.
  if (await exists(preload)) await build({ ...common, minify: true, entryPoints: [preload], outfile: path.join(out, 'electron/preload.cjs') });
}

const started = Date.now();
await mkdir(out, { recursive: true });
await Promise.all([buildRenderer(), buildNode(), buildElectron()]);
console.log(`built out/ in ${Date.now() - started} ms`);
