import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
}

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe('the layers', () => {
  it('keeps electron out of the backend, the server and the command line', () => {
    const offenders = ['main/common', 'main/node', 'main/server', 'main/cli']
      .flatMap(sourceFiles)
      .filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('keeps Node built-ins and the backend out of the contract and the renderer', () => {
    const offenders = ['main/common', 'renderer/src']
      .flatMap(sourceFiles)
      .flatMap((f) => importsOf(f)
        .filter((s) => nodeBuiltins.has(s) || s === 'electron' || /\/main\/(node|server|cli|electron-main)\//.test('/' + path.posix.join(path.posix.dirname(f), s) + '/'))
        .map((s) => `${f} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('finds the imports it checks (the scan itself works)', () => {
    expect(importsOf('main/node/library/parse.ts')).toContain('node:crypto');
    expect(sourceFiles('renderer/src').length).toBeGreaterThan(0);
  });
});
