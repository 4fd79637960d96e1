/**
 * Where this device keeps the SMTP password (never the workspace): in the desktop app, a file in the
 * config folder whose every value is encrypted by the operating system's credential store (Electron's
 * safeStorage: Keychain, DPAPI, libsecret/kwallet); in the web harness, memory only, typed again after a
 * restart. A value is never written in clear, never logged and never put in an error message.
 */
import fs from 'node:fs';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { Logger } from '../rpc/context';
import { writeFileAtomically } from '../workspace-host-recent';

export interface SecretStore {
  readonly kind: 'os' | 'memory';
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** Kept for this run only (the web harness). */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  delete(key: string): void {
    this.values.delete(key);
  }
}

/** What encrypts each value: Electron's safeStorage in the app, a stand-in in tests. */
export interface SecretCodec {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

/** The file's shape: `{ version: 1, secrets: { key: base64 of the encrypted value } }`. */
interface SecretFile {
  version: number;
  secrets: Record<string, string>;
}

const UNAVAILABLE =
  "The system's credential store is not available on this device (on Linux, a keyring such as GNOME Keyring or KWallet must be running), so the password cannot be saved. Start a keyring and try again, or use the command line with the password in an environment variable.";

/**
 * Kept in a file in the config folder, each value encrypted by `codec`: kind 'os'. Never writes a value
 * in clear; a codec that is not available throws a clear error on set. A damaged file counts as empty
 * (logged) and is replaced at the next set; a value that no longer decrypts (another user, a new
 * keyring) reads as not stored.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'os' as const;

  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec,
    private readonly log: Logger,
  ) {}

  private read(): SecretFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log.warn(`The stored passwords could not be read from ${this.file}: ${(err as Error).message}`);
      return { version: 1, secrets: {} };
    }
    try {
      const raw = JSON.parse(text) as Partial<SecretFile> | null;
      if (raw && typeof raw === 'object' && raw.secrets && typeof raw.secrets === 'object' && !Array.isArray(raw.secrets)) {
        const secrets: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw.secrets)) if (typeof v === 'string') secrets[k] = v;
        return { version: 1, secrets };
      }
    } catch {
      // Falls through: damaged.
    }
    this.log.warn(`${this.file} was damaged: no password is stored on this device until one is saved again.`);
    return { version: 1, secrets: {} };
  }

  private write(f: SecretFile): void {
    writeFileAtomically(this.file, `${JSON.stringify(f, null, 2)}\n`);
  }

  get(key: string): string | null {
    const cipher = this.read().secrets[key];
    if (cipher === undefined || !this.codec.available()) return null;
    try {
      return this.codec.decrypt(Buffer.from(cipher, 'base64'));
    } catch (err) {
      this.log.warn(`A stored password could not be decrypted on this device (${err instanceof Error ? err.name : 'error'}); save it again.`);
      return null;
    }
  }

  set(key: string, value: string): void {
    if (!this.codec.available()) throw new WorkbenchError(ErrorCode.REFUSED, UNAVAILABLE);
    const cipher = this.codec.encrypt(value);
    const f = this.read();
    f.secrets[key] = cipher.toString('base64');
    this.write(f);
  }

  delete(key: string): void {
    const f = this.read();
    if (!(key in f.secrets)) return;
    delete f.secrets[key];
    this.write(f);
  }
}
