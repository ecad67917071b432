import { readdirSync } from 'node:fs';
import { readSource } from '/work/wt-formats/main/node/library/parse';
const dir = process.argv[2]!;
for (const f of readdirSync(dir).sort()) {
  const t0 = Date.now();
  process.stdout.write(f + ' ... ');
  const r = await readSource(`${dir}/${f}`, f);
  console.log(Date.now() - t0, r.ok ? `ok p${r.source.pages}` : r.message);
}
