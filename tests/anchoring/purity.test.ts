import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/node/anchoring');

it('the anchoring module imports nothing from Node or the DOM, so a worker can load it', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    const imports = [...src.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
    for (const spec of imports) expect([f, spec]).toSatisfy(([, s]: [string, string]) => s.startsWith('.') || s === 'approx-string-match');
    expect([f, /\b(document|window|process|require|Buffer)\b/.test(src.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''))]).toEqual([f, false]);
  }
});
