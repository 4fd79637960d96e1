// Installers for every platform: `npm run dist` (current platform, nothing published), the release
// workflow (each runner builds its own platform and uploads to the GitHub release of the tag).
// electron-builder finds this file by its name; docs/ARCHITECTURE.md, "Packaging", explains each choice.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';

/**
 * Where releases go: the repository the release workflow runs in (GitHub Actions sets
 * GITHUB_REPOSITORY to "owner/name"). Without it (a local `npm run dist`) nothing is configured, so no
 * repository is needed and the build has no update feed (no app-update.yml). A released build gets
 * app-update.yml from this entry, which is what electron-updater reads.
 */
export function publishTarget(repository: string | undefined): Configuration['publish'] {
  if (!repository) return null;
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new Error(
      `GITHUB_REPOSITORY must be "owner/name" (it is "${repository}"): unset it for a local build, or set it to the repository the releases belong to.`,
    );
  }
  // A draft: the three platform runners each add their files, and the workflow publishes it once all
  // are there, so an app never sees a release whose update files are not all uploaded yet.
  return [{ provider: 'github', owner, repo, releaseType: 'draft' }];
}

/** Whether a native module loads in this Node (a build for Electron has another ABI and does not). In a
 * child process, so the file is neither kept loaded nor locked (Windows) while it is replaced. */
export function loadsInNode(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  return spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { stdio: 'ignore' }).status === 0;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * electron-builder rebuilds native modules for Electron in the project's own node_modules before it
 * packs them (npmRebuild). Tests, the CLI and `npm run web` load that same copy of better-sqlite3 under
 * plain Node, so its Node build is set aside before the rebuild and put back once the package holds its
 * copy (afterPack), and when the build stops (exit, Ctrl+C, SIGTERM, SIGHUP). The copy is kept in a
 * fixed place: after a run that could not put it back (SIGKILL, a cancelled CI job, a power cut), the
 * next run restores it before anything else, instead of setting aside the Electron build left behind.
 */
export function nodeBuildKeeper(buildDir: string, asideDir: string, binary = path.join('Release', 'better_sqlite3.node')) {
  let active = false; // this run set the copy aside (or took over one left by an earlier run)
  let restored = true; // buildDir holds the Node build again
  let replaced = 0;
  const fix = `run \`npm rebuild better-sqlite3\` to rebuild it for Node`;

  /** Replaces buildDir by a copy of the aside in one rename, so a failure never leaves half a folder. */
  const putBack = (): boolean => {
    const incoming = `${asideDir}.incoming`;
    // Its own name each time: an earlier one may still be locked (Windows) and undeletable.
    const outgoing = `${asideDir}.old-${process.pid}-${++replaced}`;
    try {
      fs.rmSync(incoming, { recursive: true, force: true });
      fs.cpSync(asideDir, incoming, { recursive: true });
      const had = fs.existsSync(buildDir);
      if (had) fs.renameSync(buildDir, outgoing);
      try {
        fs.renameSync(incoming, buildDir);
      } catch (e) {
        if (had) fs.renameSync(outgoing, buildDir);
        throw e;
      }
    } catch (e) {
      fs.rmSync(incoming, { recursive: true, force: true });
      console.error(
        `Could not put the Node build of better-sqlite3 back into ${buildDir} (${(e as Error).message}).\n` +
          `It is kept in ${asideDir} and the next \`npm run dist\` puts it back; or ${fix}. Until then tests, the CLI and \`npm run web\` cannot open a workspace.`,
      );
      return false;
    }
    try {
      fs.rmSync(outgoing, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Locked (Windows): it lies outside the package folder, so leaving it costs only disk space.
    }
    return true;
  };

  const restore = (): boolean => {
    if (!active || restored) return true;
    restored = putBack();
    return restored;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    dispose();
    // Nobody else listens: end as the signal would have without this handler.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const onExit = (): void => void dispose();

  const dispose = (): boolean => {
    const ok = restore();
    if (ok && active) fs.rmSync(asideDir, { recursive: true, force: true });
    active = false;
    process.off('exit', onExit);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    return ok;
  };

  const watch = (): void => {
    active = true;
    process.on('exit', onExit);
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  };

  const setAside = (): boolean => {
    if (active) {
      // A second architecture: afterPack put the Node build back; the copy set aside stays valid.
      restored = false;
      return true;
    }
    if (fs.existsSync(asideDir)) {
      if (loadsInNode(path.join(asideDir, binary))) {
        console.warn(`An earlier build stopped before putting better-sqlite3's Node build back; restoring it from ${asideDir}.`);
        watch();
        restored = false;
        if (!restore()) throw new Error(`better-sqlite3's Node build could not be restored from ${asideDir}; the build stops so it is not lost.`);
        restored = false; // the rebuild that follows replaces it again
        return true;
      }
      console.warn(`${asideDir} holds no build for this Node (another Node version?); it is discarded.`);
      fs.rmSync(asideDir, { recursive: true, force: true });
    }
    if (!loadsInNode(path.join(buildDir, binary))) {
      // Never keep an Electron build as if it were the Node one: putting it back would break Node.
      console.warn(`${path.join(buildDir, binary)} does not load in this Node, so it is not kept; after the build, ${fix}.`);
      return true;
    }
    const partial = `${asideDir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(asideDir), { recursive: true });
    fs.cpSync(buildDir, partial, { recursive: true });
    fs.renameSync(partial, asideDir); // complete or absent: a crash mid-copy leaves nothing to restore
    watch();
    restored = false;
    return true; // go on with electron-builder's own rebuild
  };

  return { buildDir, asideDir, setAside, restore, dispose };
}

const root = path.dirname(fileURLToPath(import.meta.url));
export const betterSqlite = nodeBuildKeeper(
  path.join(root, 'node_modules', 'better-sqlite3', 'build'),
  path.join(root, 'node_modules', '.cache', 'rollout-workbench', 'better-sqlite3-node-build'),
);

const config: Configuration = {
  appId: 'app.rolloutworkbench.desktop',
  productName: 'Rollout Workbench',
  copyright: `Copyright © ${new Date().getFullYear()} Rollout Workbench contributors`,
  // No spaces in file names: release assets and update feeds refer to them by URL.
  artifactName: '${name}-${version}-${os}-${arch}.${ext}',
  directories: { output: 'dist', buildResources: 'build' },

  // Only what the app runs: the bundles, the migrations it applies at open, the tray icon and package.json
  // (main entry, version). Production dependencies are added by electron-builder; devDependencies never are.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'db/migrations/**',
    'package.json',
    // The tray icon (main/electron/tray.ts). build/ is electron-builder's resources folder, which it
    // leaves out of the app unless a file of it is named here.
    'build/icons/16x16.png',
    'build/icons/32x32.png',
    '!**/*.map',
    // better-sqlite3's C sources and build intermediates; only its lib/ and the .node file run.
    '!node_modules/better-sqlite3/{deps,src}/**',
    '!node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps}/**',
    '!node_modules/better-sqlite3/build/Release/{test_extension.node,sqlite3.a}',
  ],
  asar: true,
  // A native module cannot be loaded from inside an archive (main/electron/paths.ts finds it unpacked).
  asarUnpack: ['**/*.node'],
  npmRebuild: true,
  beforeBuild: async () => betterSqlite.setAside(),
  afterPack: async () => void betterSqlite.restore(),

  // Applied by @electron/fuses to the Electron binary of every package, before it is signed.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // Stays on: the window loads out/renderer/index.html from file:// (main/electron/window.ts), and its
    // ES module scripts are CORS requests that a plain file:// page may not make. Turning it off needs
    // the renderer served from a custom protocol first.
    grantFileProtocolExtraPrivileges: true,
    // Flipping fuses breaks the Electron binary's ad-hoc signature, and without CSC_LINK nothing signs it
    // again: Apple silicon refuses to run it ("damaged"). This re-signs it ad hoc (macOS builds only);
    // a signed build is signed again after this anyway.
    resetAdHocDarwinSignature: true,
  },

  mac: {
    category: 'public.app-category.business',
    icon: 'build/icon.icns',
    // One download per architecture (half the size of a universal app); electron-updater picks the
    // file of the running architecture from latest-mac.yml. The zip is what macOS updates install.
    target: [
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ],
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notarised when APPLE_API_KEY / APPLE_API_KEY_ID / APPLE_API_ISSUER, or APPLE_ID /
    // APPLE_APP_SPECIFIC_PASSWORD / APPLE_TEAM_ID, are set; skipped with a warning otherwise.
    notarize: true,
  },

  win: {
    icon: 'build/icon.ico',
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    oneClick: false,
    // Installs for the current user without administrator rights; the installer offers "all users" too.
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Rollout Workbench',
    deleteAppDataOnUninstall: false,
  },

  linux: {
    icon: 'build/icons',
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'Office',
    maintainer: 'Rollout Workbench maintainers <maintainers@rolloutworkbench.app>',
    synopsis: 'Roll the SophMate WordPress AI plugin out to many client sites, offline',
    description:
      'Offline-first desktop workbench for agency implementation leads: setup records, owners, readiness gates, reviews, incidents and handover documents for every client site.',
  },

  publish: publishTarget(process.env.GITHUB_REPOSITORY),
};

export default config;
