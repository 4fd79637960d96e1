/**
 * The updater of the web harness (`main/web.ts --update-feed URL`): reads the same feed files a release
 * publishes (latest.yml, latest-mac.yml, latest-linux.yml) with electron-updater's own GenericProvider
 * over plain Node HTTP, and downloads the file it names with electron-updater's download code, which
 * verifies its sha512 (a mismatch is refused and the file removed). "Restart to update" only records the
 * request: the harness keeps running. The desktop app uses electron-updater itself (main/electron/updater.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { RequestOptions } from 'node:http';
import { CancellationToken, configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions, type UpdateInfo } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
import type { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider';
import type { ResolvedUpdateFileInfo } from 'electron-updater/out/types';
import type { Logger } from '../rpc/context';
import { foundUpdateOf } from './found';
import type { DownloadProgress, FoundUpdate, Updater, UpdateSupport } from './port';

/** builder-util-runtime's HTTP code on Node's http and https modules (electron-updater's own runs on Electron's net). */
export class NodeHttpExecutor extends HttpExecutor<http.ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    return (options.protocol === 'https:' ? https : http).request(options, callback);
  }

  /** Downloads `url` to `destination`, checking the sha512 in `options` as the bytes arrive. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      );
    });
  }
}

/** A version number's parts (semantic versioning), or null when it is not one. */
function versionParts(v: string): { core: number[]; pre: string[] } | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

export function isVersionNumber(v: string): boolean {
  return versionParts(v) !== null;
}

/** Whether `candidate` is a later version than `current` (semantic versioning precedence). */
export function isNewerVersion(candidate: string, current: string): boolean {
  const a = versionParts(candidate);
  const b = versionParts(current);
  if (!a) throw new Error(`The feed names version "${candidate}", which is not a version number (like 1.2.3).`);
  if (!b) throw new Error(`This app's version "${current}" is not a version number (like 1.2.3).`);
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! > b.core[i]!;
  // A release is later than its pre-releases; pre-releases compare part by part.
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === 0 && b.pre.length > 0;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return y === undefined;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) > Number(y);
    if (nx !== ny) return ny;
    return x > y;
  }
  return false;
}

export interface FeedUpdaterOptions {
  /** Where latest*.yml and the files they name are served. */
  feedUrl: string;
  currentVersion: string;
  /** Where downloads are kept (the harness's config folder). */
  downloadDir: string;
  log: Logger;
  /** Told when "Restart to update" is asked (the harness prints it). */
  onInstall?: (version: string) => void;
  platform?: 'darwin' | 'linux' | 'win32';
}

export class FeedUpdater implements Updater {
  readonly support: UpdateSupport = { supported: true };
  readonly restartIsRecordedOnly = true;
  readonly currentVersion: string;
  /** "Restart to update" requests so far (the harness does not restart). */
  readonly installs: string[] = [];
  private readonly provider: GenericProvider;
  private readonly executor = new NodeHttpExecutor();
  private found: { info: UpdateInfo; file: ResolvedUpdateFileInfo } | null = null;
  private downloaded: string | null = null;

  constructor(private readonly o: FeedUpdaterOptions) {
    this.currentVersion = o.currentVersion;
    const platform = o.platform ?? (['darwin', 'win32'].includes(process.platform) ? (process.platform as 'darwin' | 'win32') : 'linux');
    // GenericProvider reads only `channel` and `isAddNoCacheQuery` of its updater and only `request` of its
    // executor (the download is ours, below), so neither needs the Electron classes its types name.
    const updater = { channel: null, isAddNoCacheQuery: true } as unknown as AppUpdater;
    this.provider = new GenericProvider({ provider: 'generic', url: o.feedUrl }, updater, {
      isUseMultipleRangeRequest: false,
      platform,
      executor: this.executor as unknown as ElectronHttpExecutor,
    });
  }

  async check(): Promise<FoundUpdate | null> {
    const info = await this.provider.getLatestVersion();
    // Shape first: the feed is outside data (main/updates/found.ts).
    const found = foundUpdateOf((info ?? {}) as Partial<UpdateInfo>);
    if (!isNewerVersion(found.version, this.currentVersion)) {
      this.found = null;
      return null;
    }
    const [file] = this.provider.resolveFiles(info);
    if (!file) throw new Error(`The feed names no file for version ${found.version}.`);
    this.found = { info, file };
    this.downloaded = null;
    return found;
  }

  async download(onProgress: (p: DownloadProgress) => void): Promise<void> {
    const found = this.found;
    if (!found) throw new Error('No newer version was found to download: check for updates first.');
    const sha512 = found.file.info.sha512;
    if (!sha512) throw new Error(`The feed gives no sha512 for ${found.file.info.url}, so the file cannot be verified; it was not downloaded.`);
    fs.mkdirSync(this.o.downloadDir, { recursive: true });
    const target = path.join(this.o.downloadDir, `${found.info.version}-${path.basename(decodeURIComponent(found.file.url.pathname))}`);
    const partial = `${target}.partial`;
    try {
      await this.executor.download(found.file.url, partial, {
        sha512,
        cancellationToken: new CancellationToken(),
        onProgress: (p) => onProgress({ percent: p.percent, transferred: p.transferred, total: p.total }),
      });
      fs.renameSync(partial, target);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw err;
    }
    this.downloaded = target;
    this.o.log.info(`Version ${found.info.version} was downloaded and its sha512 matches the feed.`);
  }

  installAndRestart(): boolean {
    const version = this.found?.info.version;
    if (!version || !this.downloaded) throw new Error('No downloaded version to install.');
    this.installs.push(version);
    this.o.onInstall?.(version);
    return true;
  }
}
