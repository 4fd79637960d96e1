// The installer configuration (electron-builder.ts), checked with what runs without Electron's binary:
// electron-builder finds and accepts it by its own loader and schema, every security fuse is set as
// required in the form electron-builder hands to @electron/fuses, each platform builds its targets,
// the icons and entitlements it names exist, and only the built app goes into the package.
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import type { Configuration } from 'electron-builder';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import config, { betterSqlite, publishTarget } from '../../electron-builder';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
}
// app-builder-lib is electron-builder's engine: the same functions `electron-builder` runs before a build.
const builder = require('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};
const quiet = { isEnabled: false, add: () => undefined };
const validate = (c: Configuration) => builder.validateConfiguration(c, quiet);

describe('electron-builder accepts the configuration', () => {
  it('finds electron-builder.ts by itself and loads this configuration from it', async () => {
    const loaded = await builder.getConfig(root, null, null);
    expect(loaded.appId).toBe('app.rolloutworkbench.desktop');
    expect(loaded.productName).toBe('Rollout Workbench');
    await validate(loaded);
  });

  it('passes its schema validation', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('refuses a broken copy, naming the option that is wrong (so the check above can fail)', async () => {
    await expect(validate({ ...config, mac: { ...config.mac, categry: 'x' } as Configuration['mac'] })).rejects.toThrow(/configuration\.mac\b/);
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as Configuration['electronFuses'] })).rejects.toThrow(
      /configuration\.electronFuses\b/,
    );
    await expect(validate({ ...config, asar: 'yes' as unknown as boolean })).rejects.toThrow(/configuration\.asar\b/);
  });
});

describe('security fuses', () => {
  // By @electron/fuses' own names: a fuse renamed or dropped there fails here.
  const required: Partial<Record<keyof typeof FuseV1Options, boolean>> = {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    // The renderer is a file:// page whose module scripts need it (electron-builder.ts says why).
    GrantFileProtocolExtraPrivileges: true,
  };

  it('sets every fuse as required, in the wire electron-builder gives @electron/fuses', async () => {
    const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    expect(wire.version).toBe(FuseVersion.V1);
    for (const [name, value] of Object.entries(required)) {
      const index = FuseV1Options[name as keyof typeof FuseV1Options];
      expect(index, `${name} is a fuse of @electron/fuses`).toBeTypeOf('number');
      expect(wire[String(index)], `fuse ${name}`).toBe(value);
    }
  });

  it('re-signs the Mac app ad hoc after flipping them, so an unsigned build still runs on Apple silicon', async () => {
    const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    // @electron/fuses reads this from the wire and runs `codesign --sign -` on a .app only.
    expect(wire.resetAdHocDarwinSignature).toBe(true);
  });

  it('names each fuse as @electron/fuses does, so none is silently dropped', () => {
    // resetAdHocDarwinSignature is an instruction to @electron/fuses, not a fuse (tested above).
    for (const key of Object.keys(config.electronFuses ?? {}).filter((k) => k !== 'resetAdHocDarwinSignature')) {
      const name = `${key[0]?.toUpperCase()}${key.slice(1)}`;
      expect(Object.keys(FuseV1Options), `electronFuses.${key}`).toContain(name);
    }
  });

  it('decides every fuse @electron/fuses knows except the V8 snapshot choice', () => {
    const fuseNames = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(fuseNames.filter((n) => !(n in required)).sort()).toEqual(['LoadBrowserProcessSpecificV8Snapshot']);
  });
});

describe('targets per platform', () => {
  const targets = (platform: Configuration['mac'] | Configuration['win'] | Configuration['linux']) =>
    Object.fromEntries(
      ([] as unknown[])
        .concat(platform?.target ?? [])
        .map((t) => t as { target: string; arch: string[] })
        .map((t) => [t.target, [...t.arch].sort()]),
    );

  it('macOS: dmg and zip for Intel and Apple silicon, hardened, notarised when credentials are set', () => {
    expect(targets(config.mac)).toEqual({ dmg: ['arm64', 'x64'], zip: ['arm64', 'x64'] });
    expect(config.mac?.category).toBe('public.app-category.business');
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).not.toBe(false);
    const entitlements = fs.readFileSync(path.join(root, config.mac?.entitlements ?? 'missing'), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
  });

  it('Windows: an NSIS installer a user can run without administrator rights, choosing the folder', () => {
    expect(targets(config.win)).toEqual({ nsis: ['x64'] });
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true });
  });

  it('Linux: AppImage and deb, in the Office menu, with a maintainer for the package', () => {
    expect(targets(config.linux)).toEqual({ AppImage: ['x64'], deb: ['x64'] });
    expect(config.linux?.category).toBe('Office');
    expect(config.linux?.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(config.linux?.synopsis?.length).toBeGreaterThan(10);
  });

  it('names artifacts without spaces, by platform and architecture', () => {
    expect(config.artifactName).not.toMatch(/\s|productName/);
    expect(config.artifactName).toContain('${arch}');
  });
});

describe('icons', () => {
  it('every icon the configuration names is on disk', () => {
    for (const file of [config.mac?.icon, config.win?.icon]) {
      expect(file && fs.statSync(path.join(root, file)).size, String(file)).toBeGreaterThan(0);
    }
    const linuxDir = path.join(root, config.linux?.icon ?? 'missing');
    const sizes = fs.readdirSync(linuxDir).map((f) => /^(\d+)x\1\.png$/.exec(f)?.[1]);
    for (const size of ['16', '32', '48', '64', '128', '256', '512', '1024']) expect(sizes, `${config.linux?.icon}/${size}x${size}.png`).toContain(size);
    // electron-builder's fallback icon (build/icon.png) must be the large one.
    expect(fs.statSync(path.join(root, 'build/icon.png')).size).toBeGreaterThan(0);
  });
});

describe('what goes into the package', () => {
  it('takes the built app, the migrations, the tray icon and package.json only, in an asar with native modules unpacked', () => {
    const files = (config.files as string[]).filter((f) => !f.startsWith('!'));
    expect(files.sort()).toEqual([
      'build/icons/16x16.png',
      'build/icons/32x32.png',
      'db/migrations/**',
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      'package.json',
    ]);
    // The tray (main/electron/tray.ts) reads its icon from the app's root: the files must exist.
    for (const icon of files.filter((f) => f.startsWith('build/'))) expect(fs.statSync(path.join(root, icon)).size, icon).toBeGreaterThan(0);
    expect(config.files).toContain('!**/*.map');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('rebuilds native modules for Electron, with hooks that keep the Node build of the checkout (node-build-keeper.test.ts)', async () => {
    expect(config.npmRebuild).toBe(true);
    expect(betterSqlite.buildDir).toBe(path.join(root, 'node_modules/better-sqlite3/build'));
    expect(path.relative(root, betterSqlite.asideDir)).toBe(path.join('node_modules', '.cache', 'rollout-workbench', 'better-sqlite3-node-build'));
    const setAside = vi.spyOn(betterSqlite, 'setAside').mockReturnValue(true);
    const restore = vi.spyOn(betterSqlite, 'restore').mockReturnValue(true);
    try {
      type Hook = (context: unknown) => Promise<unknown>;
      // true: electron-builder goes on with its own rebuild (false would ship the Node build).
      await expect((config.beforeBuild as Hook)({ arch: 'x64' })).resolves.toBe(true);
      expect(setAside).toHaveBeenCalledTimes(1);
      expect(restore).not.toHaveBeenCalled();
      await (config.afterPack as Hook)({ arch: 'x64' });
      expect(restore).toHaveBeenCalledTimes(1);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('publishes to the GitHub repository the release workflow runs in, and nowhere without one', () => {
    expect(publishTarget(undefined)).toBeNull();
    expect(publishTarget('')).toBeNull();
    expect(publishTarget('agency/rollout-workbench')).toEqual([{ provider: 'github', owner: 'agency', repo: 'rollout-workbench', releaseType: 'draft' }]);
    expect(() => publishTarget('bad')).toThrow(/GITHUB_REPOSITORY must be "owner\/name" \(it is "bad"\)/);
    expect(() => publishTarget('a/b/c')).toThrow(/GITHUB_REPOSITORY/);
  });

  it('`npm run dist` builds first and never publishes; start and dev make the Electron build of better-sqlite3', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.dist).toMatch(/^electron-vite build && electron-builder .*--publish never/);
    expect(scripts.start).toMatch(/^node scripts\/electron-rebuild\.mjs && /);
    expect(scripts.dev).toMatch(/^node scripts\/electron-rebuild\.mjs && /);
  });
});
