/**
 * `sourcebook`: index a library, search it, or serve the app in a browser.
 *
 *   sourcebook serve  [--library DIR]… [--notebook DIR] [--port N] [--cache DIR]
 *   sourcebook index  [--library DIR]… [--json] [--cache DIR] [--workers N]
 *   sourcebook search QUERY [--library DIR]… [--json] [--limit N] [--cache DIR]
 *
 * Without --library the sample library is used. Errors are one line on stderr and exit code 2.
 */
import { parseArgs } from 'node:util';
import { CliError } from './defaults';
import { indexCommand, searchCommand, serveCommand } from './commands';

const USAGE = `usage:
  sourcebook serve  [--library DIR]... [--notebook DIR] [--port N] [--cache DIR]
  sourcebook index  [--library DIR]... [--json] [--cache DIR] [--workers N]
  sourcebook search QUERY [--library DIR]... [--json] [--limit N] [--cache DIR]`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      library: { type: 'string', multiple: true, short: 'l' },
      notebook: { type: 'string' },
      port: { type: 'string' },
      cache: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) { console.log(USAGE); return; }
  const out = (line: string) => console.log(line);
  const int = (v: string | undefined, name: string, dflt: number, max: number) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new CliError(`--${name} takes a whole number from 0 to ${max}`);
    return n;
  };
  const workers = values.workers === undefined ? undefined : Math.max(1, int(values.workers, 'workers', 1, 16));
  const common = { library: values.library ?? [], ...(values.cache ? { cache: values.cache } : {}), ...(workers ? { workers } : {}) };
  switch (command) {
    case 'serve':
      return serveCommand({ ...common, ...(values.notebook ? { notebook: values.notebook } : {}), port: int(values.port, 'port', 0, 65535) }, out);
    case 'index':
      return indexCommand({ ...common, json: values.json ?? false }, out);
    case 'search': {
      const query = rest.join(' ');
      if (!query.trim()) throw new CliError('search needs a query, e.g. sourcebook search "voice assistant"');
      return searchCommand(query, { ...common, json: values.json ?? false, limit: Math.max(1, int(values.limit, 'limit', 20, 1000)) }, out);
    }
    default:
      throw new CliError(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof CliError || (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
  console.error(`sourcebook: ${known ? (error as Error).message : `unexpected error: ${(error as Error)?.message ?? String(error)}`}`);
  process.exit(2);
});
