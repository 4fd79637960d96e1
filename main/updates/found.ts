/**
 * What a feed says of a newer version, checked for shape in one place for both updaters (electron-updater
 * in the desktop app, the feed reader of the web harness): a feed is outside data, and a wrong field
 * must never leave a check half done. The version must be text; a release name or notes of another shape
 * count as none.
 */
import type { FoundUpdate } from './port';
import { releaseNotesOf, VERSION_MAX_CHARS } from './release-notes';

export function foundUpdateOf(info: { version?: unknown; releaseName?: unknown; releaseNotes?: unknown; releaseDate?: unknown }): FoundUpdate {
  if (typeof info.version !== 'string' || !info.version.trim()) throw new Error('The feed file names no version.');
  if (info.version.length > VERSION_MAX_CHARS)
    throw new Error(`The feed names a version longer than ${VERSION_MAX_CHARS} characters, which is not a version number.`);
  const date = typeof info.releaseDate === 'string' && !Number.isNaN(Date.parse(info.releaseDate)) ? new Date(info.releaseDate).toISOString() : null;
  return {
    version: info.version,
    releaseName: typeof info.releaseName === 'string' ? info.releaseName : null,
    releaseNotes: releaseNotesOf(info.releaseNotes),
    releaseDate: date,
  };
}
