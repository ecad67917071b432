/**
 * How `npm start` decides between the Electron window and browser mode (scripts/start.ts runs the
 * steps; everything here is pure so the decision is tested without Electron or a network).
 *
 *   --browser or CI        → browser mode, no questions asked
 *   Electron binary found  → the desktop app
 *   not found, not tried   → run Electron's own downloader once, then decide again
 *   download failed        → one plain line saying so, then browser mode
 */
import path from 'node:path';

export interface StartState {
  /** The arguments after `npm start --` (e.g. `--library ~/Papers`). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of an existing Electron executable, or null. */
  readonly electronBinary: string | null;
  /** Whether node_modules/electron is installed at all (without it there is nothing to download with). */
  readonly electronPackage: boolean;
  readonly downloadTried: boolean;
}

export type StartStep =
  | { readonly kind: 'electron'; readonly binary: string; readonly args: string[] }
  | { readonly kind: 'download' }
  | { readonly kind: 'browser'; readonly args: string[]; readonly notice: string | null };

export const BROWSER_FLAG = '--browser';
export const NO_BINARY_NOTICE =
  "Electron's binary is not installed here (no network?): starting browser mode instead — open the URL below.";
export const NO_PACKAGE_NOTICE = 'Electron is not installed (node_modules/electron is missing): starting browser mode instead — open the URL below.';

/** The next thing `npm start` does. */
export function nextStartStep(state: StartState): StartStep {
  const args = state.args.filter((arg) => arg !== BROWSER_FLAG);
  if (state.args.includes(BROWSER_FLAG) || isCi(state.env)) return { kind: 'browser', args, notice: null };
  if (state.electronBinary) return { kind: 'electron', binary: state.electronBinary, args: ['.', ...args] };
  if (!state.electronPackage) return { kind: 'browser', args, notice: NO_PACKAGE_NOTICE };
  if (!state.downloadTried) return { kind: 'download' };
  return { kind: 'browser', args, notice: NO_BINARY_NOTICE };
}

/** CI services set CI=true (or 1); CI=false and an empty value do not count. */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export interface ElectronPackageFiles {
  /** node_modules/electron. */
  readonly electronDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(file: string): string | null;
  isFile(file: string): boolean;
}

/**
 * Where Electron's executable is, read the way the `electron` package itself reads it (path.txt
 * names it inside dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/), but without `require`:
 * since Electron 45 requiring the package starts a download without a time limit when the binary
 * is missing, which is the decision this launcher wants to make itself.
 */
export function locateElectronBinary(files: ElectronPackageFiles): string | null {
  const named = files.readFile(path.join(files.electronDir, 'path.txt'))?.trim() || null;
  const override = files.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, named ?? 'electron') : named ? path.join(files.electronDir, 'dist', named) : null;
  return candidate && files.isFile(candidate) ? candidate : null;
}

/** The exit code to end with when the child ended with `code` or was killed by `signal`. */
export function exitCodeFor(code: number | null, signal: string | null, signalNumbers: Readonly<Record<string, number>>): number {
  if (code !== null) return code;
  if (signal && signalNumbers[signal] !== undefined) return 128 + signalNumbers[signal]!;
  return 1;
}
