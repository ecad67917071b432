/**
 * `npm start` (after the build): opens Sourcebook in Electron, or in the browser where Electron's
 * binary cannot be had. The decision is main/node/launcher/start-plan.ts; this file only
 * runs its steps. Arguments pass through: `npm start -- --library ~/Papers --notebook ~/Notes`;
 * `npm start -- --browser` forces browser mode (as does CI=true).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodeFor, locateElectronBinary, nextStartStep } from '../main/node/launcher/start-plan';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOWNLOAD_TIMEOUT_MS = Number(process.env.SOURCEBOOK_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 90_000);

function electronDir(): string | null {
  try {
    return path.dirname(createRequire(path.join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function findBinary(dir: string | null): string | null {
  if (!dir) return null;
  return locateElectronBinary({
    electronDir: dir,
    env: process.env,
    readFile: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null),
    isFile: (file) => existsSync(file) && statSync(file).isFile(),
  });
}

/**
 * Electron's own installer, once, quietly, with a time limit; true when it succeeded. Where there
 * is no network it fails within a second, so the user sees only the one-line notice; a real
 * download announces itself once it takes a while.
 */
function download(dir: string): Promise<boolean> {
  const announce = setTimeout(() => console.log("Fetching Electron's binary (first start only)…"), 1500);
  return new Promise<boolean>((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'install.js')], { cwd: ROOT, stdio: 'ignore', timeout: DOWNLOAD_TIMEOUT_MS });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  }).finally(() => clearTimeout(announce));
}

/** Runs the app in the foreground: signals go to it, its exit code becomes ours. */
function run(command: string, args: string[]): void {
  const env = { ...process.env };
  // Set by some tools; it would make the Electron binary behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(exitCodeFor(code, signal, constants.signals)));
}

async function main(): Promise<void> {
  const dir = electronDir();
  let downloadTried = false;
  for (;;) {
    const step = nextStartStep({
      args: process.argv.slice(2),
      env: process.env,
      electronBinary: findBinary(dir),
      electronPackage: dir !== null,
      downloadTried,
    });
    if (step.kind === 'download') {
      downloadTried = true;
      await download(dir!);
      continue;
    }
    if (step.kind === 'electron') return run(step.binary, step.args);
    if (step.notice) console.log(step.notice);
    const cli = path.join(ROOT, 'out', 'cli.mjs');
    if (!existsSync(cli)) {
      console.error('out/cli.mjs is missing: run `npm run build` first.');
      process.exit(1);
    }
    return run(process.execPath, [cli, 'serve', ...step.args]);
  }
}

void main();
