// electron-builder's real packaging for Linux (`dir` target) of a staged project, in its own process so
// the test runner stays responsive while it copies tens of thousands of files. Arguments: the project
// folder, the stand-in Electron distribution, the output folder.
import { Arch, build, Platform } from 'electron-builder';

const [projectDir, electronDist, output] = process.argv.slice(2);
await build({
  projectDir,
  targets: Platform.LINUX.createTarget('dir', Arch.x64),
  publish: 'never',
  config: {
    electronDist,
    // The stand-in binary has no fuse wire, and Electron's headers cannot be fetched offline.
    electronFuses: null,
    npmRebuild: false,
    directories: { output },
    // As the release workflow configures it (GITHUB_REPOSITORY), so the update feed file is written.
    publish: [{ provider: 'github', owner: 'example-agency', repo: 'rollout-workbench', releaseType: 'draft' }],
  },
});
