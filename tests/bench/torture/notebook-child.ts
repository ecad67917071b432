/**
 * A notebook backend in its own process, driven over stdin/stdout by the torture harness:
 * one JSON line per call (`{id, method, args}`), one per answer (`{id, value}` or
 * `{id, error: {code, message}}`), written only once the call has returned, so an answer the
 * parent reads is an acknowledged operation. `{ready: true}` says the notebook is open (after
 * its start-up recovery). argv: notebook folder, a source text file (for annotations).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openNotebook, type Notebook } from '../../../main/node/notebook';

const [folder, sourceFile, watch] = process.argv.slice(2) as [string, string, string | undefined];
const text = readFileSync(sourceFile, 'utf8');
const hash = createHash('sha256').update(text).digest('hex');
const sources = {
  getText: async (id: string) => (id === 'source' ? { text, contentHash: hash, title: 'The source' } : null),
  findByHash: async (h: string) => (h === hash ? 'source' : null),
};

const notebook: Notebook = await openNotebook(folder, sources, { watch: watch === 'watch' });
const send = (message: unknown) => process.stdout.write(JSON.stringify(message) + '\n');
send({ ready: true, pid: process.pid });

const methods = notebook as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, args } = JSON.parse(line) as { id: number; method: string; args: unknown[] };
  if (method === 'exit') {
    void notebook.close().then(() => process.exit(0));
    return;
  }
  Promise.resolve()
    .then(() => methods[method]!.apply(notebook, args))
    .then((value) => send({ id, value }), (err: { code?: string; message?: string }) => send({ id, error: { code: err.code ?? 'internal', message: err.message } }));
});
