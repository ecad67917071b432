/**
 * `npm run package:dir` for real (electron-builder, offline, against the stand-in Electron of
 * scripts/package-dir.ts), then what a user would install: the app.asar and its neighbours.
 * Needs the build (npm test runs it first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'dist', 'linux-unpacked');
const asar = createRequire(import.meta.url)('@electron/asar') as { listPackage(file: string): string[]; extractFile(file: string, inner: string): Buffer };
const built = existsSync(path.join(ROOT, 'out', 'electron', 'main.cjs'));

describe.skipIf(!built)('the packaged app (npm run package:dir)', () => {
  let files: string[];
  beforeAll(() => {
    // Without VITEST in its environment, which makes electron-builder hard-link the seeds into dist/ (and trip over its own links).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'package-dir.ts')], { cwd: ROOT, env, stdio: 'pipe', timeout: 170_000 });
    files = asar.listPackage(path.join(OUT, 'resources', 'app.asar')).map((f) => f.replace(/\\/g, '/'));
  }, 180_000);

  it('holds the main bundle, the preload, the renderer and the worker, and ships the seeds beside it', () => {
    expect(files).toEqual(expect.arrayContaining([
      '/package.json', '/out/electron/main.cjs', '/out/electron/preload.cjs',
      '/out/renderer/index.html', '/out/renderer/app.js', '/out/renderer/app.css', '/out/index-worker.mjs',
    ]));
    // Worker threads cannot start a script inside app.asar: it is unpacked beside it too.
    expect(existsSync(path.join(OUT, 'resources', 'app.asar.unpacked', 'out', 'index-worker.mjs'))).toBe(true);
    expect(readdirSync(path.join(OUT, 'resources', 'seeds')).filter((f) => f.endsWith('.txt')).length).toBeGreaterThanOrEqual(2);
    expect(existsSync(path.join(OUT, 'sourcebook'))).toBe(true);
  });

  it('holds no tests, no sources, no source maps, no type output, no dependencies and no dev tools', () => {
    const unwanted = files.filter((f) => /^\/(tests|main|renderer\/src|scripts|node_modules|build|seeds|docs|\.ci)(\/|$)/.test(f)
      || /\.(ts|map|tsbuildinfo)$/.test(f) || f.startsWith('/out/types') || f.startsWith('/out/electron-stand-in')
      || /(^|\/)(vitest\.config|tsconfig|electron-builder)\b/.test(f) || /\.test\./.test(f));
    expect(unwanted).toEqual([]);
    const pkg = JSON.parse(asar.extractFile(path.join(OUT, 'resources', 'app.asar'), 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg.main).toBe('out/electron/main.cjs');
  });
});
