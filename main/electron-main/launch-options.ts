import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Where the backend keeps things for this run. */
export interface LaunchPaths {
  readonly libraryFolders: string[];
  readonly notebookDir: string;
  readonly cacheDir: string;
}

/** What main.ts knows about its surroundings (all of it from `app` and `process`). */
export interface LaunchEnvironment {
  /** `process.argv`: the executable first, then (in development) the app folder, then the user's arguments. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly isPackaged: boolean;
  /** The folder holding package.json (`app.getAppPath()`). */
  readonly appRoot: string;
  /** `process.resourcesPath`: where electron-builder's extraResources land when packaged. */
  readonly resourcesPath: string;
  readonly documentsDir: string;
  readonly userDataDir: string;
  /** What was opened last (policies/desktop-state.ts), used when no flag says otherwise. */
  readonly remembered?: { readonly libraryFolders?: readonly string[]; readonly notebookDir?: string };
}

const FolderArg = z.string().trim().min(1, 'needs a folder');
const LaunchArgs = z.object({
  library: z.array(FolderArg).optional(),
  notebook: FolderArg.optional(),
});

/** Thrown for a `--library` / `--notebook` without a usable folder; main.ts shows the message. */
export class LaunchOptionsError extends Error {}

/** The notebook folder a first start creates, in the user's Documents. */
export const DEFAULT_NOTEBOOK_NAME = 'Sourcebook Notebook';

/**
 * Decides the library folders, notebook folder and cache folder for this run.
 *
 * Defaults: the bundled sample library (`seeds/` beside package.json in development,
 * `<resources>/seeds` when packaged), `<Documents>/Sourcebook Notebook`, and the cache under the
 * app's userData folder. `--library DIR` (repeatable, or `--library=DIR`) and `--notebook DIR`
 * override them; relative folders are taken from the working directory. Other arguments
 * (Chromium switches, the app folder Electron was started on) are ignored.
 */
export function resolveLaunchPaths(env: LaunchEnvironment): LaunchPaths {
  const { values } = parseArgs({
    args: env.argv.slice(1) as string[],
    options: { library: { type: 'string', multiple: true }, notebook: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const parsed = LaunchArgs.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchOptionsError(`--${String(issue?.path[0] ?? 'library')}: ${issue?.message ?? 'invalid value'} (e.g. --library ~/Papers)`);
  }
  const seeds = env.isPackaged ? path.join(env.resourcesPath, 'seeds') : path.join(env.appRoot, 'seeds');
  return {
    libraryFolders: parsed.data.library?.map((dir) => path.resolve(env.cwd, dir)) ?? (env.remembered?.libraryFolders?.length ? [...env.remembered.libraryFolders] : [seeds]),
    notebookDir: parsed.data.notebook ? path.resolve(env.cwd, parsed.data.notebook) : env.remembered?.notebookDir ?? path.join(env.documentsDir, DEFAULT_NOTEBOOK_NAME),
    cacheDir: path.join(env.userDataDir, 'library-cache'),
  };
}

/**
 * The arguments to relaunch with after "Open library…" / "Open notebook…" chose `folders`: this
 * launch's arguments without the flags of that kind, plus the new ones (the other kind's flags,
 * if any, are kept). `argv` is `process.argv.slice(1)`.
 */
export function relaunchArgs(argv: readonly string[], kind: 'library' | 'notebook', folders: readonly string[]): string[] {
  const flag = `--${kind}`;
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === flag) { i++; continue; }
    if (arg.startsWith(`${flag}=`)) continue;
    // A deep link belongs to the launch that received it, not to every later one.
    if (/^sourcebook:\/\//i.test(arg)) continue;
    kept.push(arg);
  }
  for (const folder of kind === 'notebook' ? folders.slice(0, 1) : folders) kept.push(`${flag}=${folder}`);
  return kept;
}

/**
 * The index worker (out/index-worker.mjs). When packaged it must be read from
 * `app.asar.unpacked` (electron-builder's asarUnpack), because worker threads cannot start a
 * script inside an asar archive.
 */
export function indexWorkerPath(appRoot: string): string {
  const unpackedRoot = appRoot.replace(/app\.asar(?=$|[\\/])/, 'app.asar.unpacked');
  return path.join(unpackedRoot, 'out', 'index-worker.mjs');
}
