/**
 * The import-boundary lint (scripts/layers.cjs, `npm run lint`) is itself tested: a throwaway tree
 * with one probe file per rule, cruised with the real config and the real node_modules, must break
 * exactly the rules it was written to break, and a tree that keeps the rules must pass.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const probes: Record<string, string> = {
  'main/common/side-effect.ts': "import 'node:fs';\n",
  'main/common/type-only.ts': "import type { Stats } from 'node:fs';\nexport type S = Stats;\n",
  'main/common/npm.ts': "import chokidar from 'chokidar';\nexport const c = chokidar;\n",
  'main/common/fine.ts': "import { z } from 'zod';\nexport const schema = z.string();\n",
  'main/node/anchoring/reads-files.ts': "import { x } from '../fs/x';\nexport const y = x;\n",
  'main/node/fs/x.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
  'main/node/dev-dependency.ts': "import Ajv from 'ajv';\nexport const m = Ajv;\n",
  'main/node/fine.ts': "import chokidar from 'chokidar';\nimport path from 'node:path';\nimport { schema } from '../common/fine';\nexport const all = [chokidar, path, schema];\n",
  'main/electron-sandbox/preload.ts': "import 'node:path';\nimport { contextBridge } from 'electron';\nexport const b = contextBridge;\n",
  'renderer/src/backend.ts': "import { x } from '../../main/node/fs/x';\nexport const y = x;\n",
  'renderer/src/package.ts': "import 'chokidar';\n",
  'renderer/src/fine.ts': "import { $getRoot } from 'lexical';\nimport { schema } from '../../main/common/fine';\nexport const all = [$getRoot, schema];\n",
  'main/node/cycle-a.ts': "import { b } from './cycle-b';\nexport const a = () => b;\n",
  'main/node/cycle-b.ts': "import { a } from './cycle-a';\nexport const b = () => a;\n",
};

interface Violation { readonly from: string; readonly to: string; readonly rule: { readonly name: string } }

let dir: string;
let violations: Violation[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-layers-'));
  for (const [file, text] of Object.entries(probes)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  await copyFile(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  await copyFile(path.join(root, 'tsconfig.base.json'), path.join(dir, 'tsconfig.base.json'));
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  // depcruise exits non-zero when it finds violations: that is the point here, so read stdout either way.
  const result = await run(process.execPath, [cli, '--config', path.join(root, 'scripts/layers.cjs'), '--output-type', 'json', '--preserve-symlinks', 'main', 'renderer/src'], { cwd: dir, maxBuffer: 64 << 20 })
    .catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  violations = JSON.parse(result.stdout).summary.violations;
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const brokenBy = (from: string) => violations.filter((v) => v.from === from).map((v) => `${v.rule.name} → ${v.to}`);

describe('the import-boundary lint', () => {
  it('refuses a side-effect import of a Node built-in in the pure layer', () => {
    expect(brokenBy('main/common/side-effect.ts')).toEqual(['not-in-allowed → fs']);
  });

  it('refuses a type-only import of a Node built-in in the pure layer', () => {
    expect(brokenBy('main/common/type-only.ts')).toEqual(['not-in-allowed → fs']);
  });

  it('refuses an npm package the pure layer does not list', () => {
    expect(brokenBy('main/common/npm.ts')).toEqual([expect.stringMatching(/^not-in-allowed → node_modules\/chokidar\//)]);
  });

  it('keeps anchoring pure wherever its folder is', () => {
    expect(brokenBy('main/node/anchoring/reads-files.ts')).toEqual(['anchoring-is-pure → main/node/fs/x.ts']);
  });

  it('refuses a devDependency in code that runs with production dependencies only', () => {
    expect(brokenBy('main/node/dev-dependency.ts')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^no-dev-dependency-at-run-time → node_modules\/ajv\//),
    ]));
  });

  it('refuses Node in the sandboxed preload', () => {
    expect(brokenBy('main/electron-sandbox/preload.ts')).toEqual(['not-in-allowed → path']);
  });

  it('refuses the backend and Node-only packages in the renderer', () => {
    expect(brokenBy('renderer/src/backend.ts')).toEqual(['not-in-allowed → main/node/fs/x.ts']);
    expect(brokenBy('renderer/src/package.ts')).toEqual([expect.stringMatching(/^not-in-allowed → node_modules\/chokidar\//)]);
  });

  it('refuses an import cycle', () => {
    expect(brokenBy('main/node/cycle-a.ts')).toEqual(['no-circular → main/node/cycle-b.ts']);
  });

  it('lets each layer import what it is allowed to', () => {
    expect([...brokenBy('main/common/fine.ts'), ...brokenBy('main/node/fine.ts'), ...brokenBy('renderer/src/fine.ts')]).toEqual([]);
  });
});
