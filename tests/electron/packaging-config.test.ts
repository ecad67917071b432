import type { Stats } from 'node:fs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexWorkerPath } from '../../main/electron-main/launch-options';

const ROOT = path.resolve(__dirname, '../..');
type Config = Awaited<ReturnType<typeof getConfig>>;
let config: Config;

beforeAll(async () => {
  // electron-builder's own loader, exactly as `npm run dist` reads electron-builder.yml.
  config = await getConfig(ROOT, null, null);
});

const asFile = { isDirectory: () => false } as Stats;
const asFolder = { isDirectory: () => true } as Stats;
function matcherFor(patterns: unknown): (relative: string, stat?: Stats) => boolean {
  const filter = new FileMatcher(ROOT, ROOT, (p) => p, patterns as string[]).createFilter();
  return (relative, stat = asFile) => filter(path.join(ROOT, relative), stat);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds Sourcebook into dist/ as AppImage and deb, dmg, and an NSIS installer', () => {
    expect(config).toMatchObject({ productName: 'Sourcebook', asar: true, directories: { output: 'dist', buildResources: 'build' } });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
  });

  it('packs the bundles and package.json, and nothing of the sources, type output or node_modules', () => {
    const files = (config.files as Array<{ filter: string[] }>)[0]!.filter;
    const included = matcherFor(files);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    for (const wanted of ['package.json', pkg.main, 'out/electron/preload.cjs', 'out/renderer/index.html', 'out/renderer/app.js', 'out/cli.mjs', 'out/index-worker.mjs']) {
      expect(included(wanted), wanted).toBe(true);
    }
    for (const unwanted of ['out/types/common/contract/api.d.ts', 'out/types/tsconfig.tsbuildinfo', 'node_modules/zod/index.js', 'main/electron-main/main.ts', 'tests/electron/ipc-bridge.test.ts', 'seeds/000_fc16814f2607de2a.txt', 'electron-builder.yml']) {
      expect(included(unwanted), unwanted).toBe(false);
    }
    expect(included('node_modules', asFolder)).toBe(false);
  });

  it('ships the sample library as a resource, from a folder that holds the seeds', () => {
    expect(config.extraResources).toEqual([{ from: 'seeds', to: 'seeds' }]);
    const seeds = readdirSync(path.join(ROOT, 'seeds')).filter((name) => name.endsWith('.txt'));
    expect(seeds.length).toBeGreaterThanOrEqual(2);
  });

  it('unpacks the index worker where main.ts looks for it', () => {
    const unpacked = matcherFor(config.asarUnpack);
    const fromAsar = path.relative('/opt/app/resources/app.asar.unpacked', indexWorkerPath('/opt/app/resources/app.asar'));
    expect(unpacked(fromAsar)).toBe(true);
    expect(unpacked('out/electron/main.cjs')).toBe(false);
  });

  it('has an application icon of at least 512×512 pixels', () => {
    const icon = readFileSync(path.join(ROOT, 'build', String(config.linux?.icon)));
    expect(icon.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(Math.min(icon.readUInt32BE(16), icon.readUInt32BE(20))).toBeGreaterThanOrEqual(512);
  });

  // Needs the build (npm test runs it first); the worker is the one bundle started from outside app.asar.
  const worker = path.join(ROOT, 'out/index-worker.mjs');
  it.skipIf(!existsSync(worker))('can run the built index worker from app.asar.unpacked, where there is no node_modules', () => {
    const code = readFileSync(worker, 'utf8');
    const builtins = new Set(builtinModules);
    // A keyword inside a string literal (the word "from" in a list of words, `import("${url}")` in a template) is not an import.
    const imported = [...code.matchAll(/(?<!["'])(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([@a-z][\w@./-]*)["']/g)].map((m) => m[1]!);
    const packages = [...new Set(imported.filter((name) => !name.startsWith('node:') && !builtins.has(name)))];
    expect(packages, 'bundle these into out/index-worker.mjs (scripts/build.ts) or ship them unpacked').toEqual([]);
  });
});

describe('electron-builder.yml, security and desktop integration', () => {
  it('sets the fuses: no run-as-node, NODE_OPTIONS or --inspect, only app.asar, checked against its embedded hash, no file:// privileges', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
  });

  it('registers the sourcebook:// scheme with the OS', () => {
    expect(config.protocols).toEqual([{ name: 'Sourcebook link', schemes: ['sourcebook'] }]);
  });
});
