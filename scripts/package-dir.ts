/**
 * `npm run package:dir`: packs the app into dist/linux-unpacked/ with electron-builder, offline.
 *
 * Electron's binary cannot be downloaded here, so unless ELECTRON_DIST names a real unpacked
 * Electron, electron-builder is pointed at a stand-in (`electronDist`): a folder laid out like
 * Electron's Linux zip whose "binary" is a shell script. Everything electron-builder does to the
 * app is real (file selection, app.asar, asarUnpack, resources, the executable's name); only the
 * fuses are skipped, because they are flipped inside Electron's real binary (sentinel bytes a
 * stand-in does not have). `npm run dist` on a machine with Electron sets them
 * (electron-builder.yml, `electronFuses`).
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, Platform } from 'electron-builder';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAND_IN = path.join(ROOT, 'out', 'electron-stand-in');

/** A folder shaped like electron-v*-linux-x64.zip unpacked: the executable, resources/, LICENSE files. */
async function makeStandIn(): Promise<string> {
  await rm(STAND_IN, { recursive: true, force: true });
  await mkdir(path.join(STAND_IN, 'resources'), { recursive: true });
  await writeFile(path.join(STAND_IN, 'electron'), '#!/bin/sh\necho "stand-in for Electron (npm run package:dir): install Electron and run npm run dist for a real build" >&2\nexit 1\n');
  await chmod(path.join(STAND_IN, 'electron'), 0o755);
  await writeFile(path.join(STAND_IN, 'LICENSE'), 'Stand-in, not Electron.\n');
  await writeFile(path.join(STAND_IN, 'LICENSES.chromium.html'), '<p>Stand-in, not Electron.</p>\n');
  return STAND_IN;
}

async function main() {
  // A fresh folder each time (copies: USE_HARD_LINKS and VITEST would make electron-builder hard-link seeds/ into it).
  await rm(path.join(ROOT, 'dist', 'linux-unpacked'), { recursive: true, force: true });
  const real = process.env.ELECTRON_DIST;
  const electronDist = real ? path.resolve(real) : await makeStandIn();
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    // Merged over electron-builder.yml, which electron-builder reads as for `npm run dist`.
    config: {
      electronDist,
      // Fuses live in Electron's binary; only a real Electron can take them.
      ...(real ? {} : { electronFuses: null }),
    },
  });
  console.log(`packed ${path.relative(ROOT, path.join(ROOT, 'dist', 'linux-unpacked'))}/${real ? '' : ' (stand-in Electron: fuses skipped)'}`);
}

main().catch((error: unknown) => {
  console.error('package:dir failed:', (error as Error)?.message ?? error);
  process.exit(1);
});
