import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Every installed copy of a package, however deeply nested. */
function installedCopies(name: string): Array<{ where: string; version: string }> {
  const copies: Array<{ where: string; version: string }> = [];
  const visit = (modules: string) => {
    if (!existsSync(modules)) return;
    const pkg = path.join(modules, name, 'package.json');
    if (existsSync(pkg)) copies.push({ where: path.relative(root, pkg), version: JSON.parse(readFileSync(pkg, 'utf8')).version });
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dirs = entry.name.startsWith('@') ? readdirSync(path.join(modules, entry.name)).map((n) => path.join(entry.name, n)) : [entry.name];
      for (const d of dirs) visit(path.join(modules, d, 'node_modules'));
    }
  };
  visit(path.join(root, 'node_modules'));
  return copies;
}

describe('Lexical', () => {
  it('is installed exactly once, because two copies of lexical break the editor', () => {
    expect(installedCopies('lexical')).toHaveLength(1);
  });

  it('has every @lexical package pinned to the same exact version as lexical', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const deps: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };
    const lexical = deps.lexical!;
    expect(lexical).toMatch(/^\d+\.\d+\.\d+$/);
    const mismatched = Object.entries(deps).filter(([name, v]) => name.startsWith('@lexical/') && v !== lexical);
    expect(mismatched).toEqual([]);
    const installed = readdirSync(path.join(root, 'node_modules/@lexical'))
      .map((n) => [n, JSON.parse(readFileSync(path.join(root, 'node_modules/@lexical', n, 'package.json'), 'utf8')).version])
      .filter(([, v]) => v !== lexical);
    expect(installed).toEqual([]);
  });
});
