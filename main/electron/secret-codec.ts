/**
 * Electron's safeStorage as the codec of the SMTP password file (main/reminders/secret-store.ts): the
 * operating system's credential store (Keychain on macOS, DPAPI on Windows, libsecret or KWallet on
 * Linux) holds the key, the file holds only what it encrypted.
 *
 * On Linux, without a running keyring, safeStorage falls back to the `basic_text` backend: it still
 * "encrypts", with a key written into Chromium's own source, so anyone who can read the file can read
 * the password. That is no credential store, so the codec says it is not available there, and the
 * desktop app keeps the password in memory for the run instead (the state says 'memory').
 */
import { safeStorage } from 'electron';
import path from 'node:path';
import type { Logger } from '../rpc/context';
import { EncryptedFileSecretStore, MemorySecretStore, type SecretCodec, type SecretStore } from '../reminders/secret-store';

/** The password file in the user-data folder (never in the workspace). */
export const SECRETS_FILE = 'smtp-secrets.json';

/** Linux backends that protect nothing: a fixed key (`basic_text`), or not decided yet (`unknown`, before ready). */
const NOT_A_STORE = new Set(['basic_text', 'unknown']);

export function safeStorageCodec(platform: NodeJS.Platform = process.platform): SecretCodec {
  return {
    available: () => safeStorage.isEncryptionAvailable() && !(platform === 'linux' && NOT_A_STORE.has(safeStorage.getSelectedStorageBackend())),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}

/**
 * The store the desktop app keeps the SMTP password in: the encrypted file when the credential store is
 * there, memory for this run otherwise. Decided at each use, not once: at login the keyring may come up
 * after the app, and the file is used from the first use it is there (a password kept in memory
 * meanwhile moves into it). Falling back to memory is said once in the log.
 */
export function desktopSecretStore(userData: string, log: Logger, codec: SecretCodec = safeStorageCodec()): SecretStore {
  const memory = new MemorySecretStore();
  const memoryKeys = new Set<string>();
  let file: EncryptedFileSecretStore | null = null;
  let warned = false;
  const current = (): SecretStore => {
    if (!file && safely(() => codec.available())) {
      file = new EncryptedFileSecretStore(path.join(userData, SECRETS_FILE), codec, log);
      for (const key of memoryKeys) {
        const value = memory.get(key);
        if (value !== null) file.set(key, value);
        memory.delete(key);
      }
      memoryKeys.clear();
    }
    if (file) return file;
    if (!warned) {
      warned = true;
      log.warn(
        "The system's credential store is not available (on Linux, start a keyring such as GNOME Keyring or KWallet): the SMTP password is kept in memory until it is.",
      );
    }
    return memory;
  };
  return {
    get kind() {
      return current().kind;
    },
    get: (key) => current().get(key),
    set: (key, value) => {
      const store = current();
      store.set(key, value);
      if (store === memory) memoryKeys.add(key);
    },
    delete: (key) => {
      current().delete(key);
      memoryKeys.delete(key);
    },
  };
}

function safely(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}
