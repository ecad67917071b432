import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const common = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/common');
const dir = path.join(common, 'anchoring');

/** Every module specifier: `from '…'`, side-effect `import '…'`, `import('…')`, `require('…')`, `export … from '…'`. */
const specifiers = (src: string) =>
  [...src.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);

it('the anchoring module imports nothing from Node or the DOM, so a worker and the renderer can load it', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    const code = src.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    for (const spec of specifiers(code)) {
      // Relative imports stay in the pure layer; the one npm package is pure too.
      const pure = spec === 'approx-string-match' || (spec.startsWith('.') && !path.relative(common, path.resolve(dir, spec)).startsWith('..'));
      expect([f, spec, pure]).toEqual([f, spec, true]);
    }
    expect([f, /\b(document|window|process|require|Buffer|globalThis)\b/.test(code)]).toEqual([f, false]);
  }
});
