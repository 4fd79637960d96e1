/**
 * The SMTP password's store on this device: in the app a file whose values are encrypted by the
 * operating system (a stand-in codec here: AES with a key of the test), in the web harness memory only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore, MemorySecretStore, type SecretCodec } from '@main/reminders/secret-store';
import type { Logger } from '@main/rpc/context';
import { tempDir } from '../db/helpers';

// Built at run time so this file itself holds no literal credential.
const PASSWORD = ['correct', '-horse', '-battery', '-staple-42'].join('');

function testCodec(): SecretCodec & { on: boolean } {
  const key = crypto.randomBytes(32);
  return {
    on: true,
    available() {
      return this.on;
    },
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(cipher) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12));
      d.setAuthTag(cipher.subarray(12, 28));
      return Buffer.concat([d.update(cipher.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string, e?: Record<string, unknown>) => lines.push(`${m} ${e ? JSON.stringify(e) : ''}`);
  return { lines, info: push, warn: push, error: push };
}

describe('the encrypted file secret store', () => {
  it('keeps the value encrypted: the bytes on disk never hold it, and it reads back', () => {
    const file = path.join(tempDir(), 'secrets.json');
    const log = recordingLog();
    const store = new EncryptedFileSecretStore(file, testCodec(), log);
    expect(store.kind).toBe('os');
    expect(store.get('smtp:mail.test:587:lead')).toBeNull();
    store.set('smtp:mail.test:587:lead', PASSWORD);
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(bytes.includes(Buffer.from(PASSWORD).toString('base64'))).toBe(false);
    expect(JSON.parse(bytes.toString('utf8')).secrets).toHaveProperty(['smtp:mail.test:587:lead']);
    expect(store.get('smtp:mail.test:587:lead')).toBe(PASSWORD);
    store.set('smtp:other:465:x', 'second');
    store.delete('smtp:mail.test:587:lead');
    expect(store.get('smtp:mail.test:587:lead')).toBeNull();
    expect(store.get('smtp:other:465:x')).toBe('second');
    expect(log.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('refuses to save when the credential store is not available, writing nothing', () => {
    const file = path.join(tempDir(), 'secrets.json');
    const codec = testCodec();
    codec.on = false;
    const store = new EncryptedFileSecretStore(file, codec, recordingLog());
    expect(() => store.set('k', PASSWORD)).toThrow(/credential store is not available on this device/);
    expect(fs.existsSync(file)).toBe(false);
    expect(store.get('k')).toBeNull();
  });

  it('a damaged file reads as nothing stored, is logged, and is replaced at the next save', () => {
    const file = path.join(tempDir(), 'secrets.json');
    fs.writeFileSync(file, '{ not json');
    const log = recordingLog();
    const store = new EncryptedFileSecretStore(file, testCodec(), log);
    expect(store.get('k')).toBeNull();
    expect(log.lines.some((l) => l.includes('was damaged'))).toBe(true);
    store.set('k', PASSWORD);
    expect(store.get('k')).toBe(PASSWORD);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('a value that no longer decrypts (another key) reads as not stored, without its bytes in the log', () => {
    const file = path.join(tempDir(), 'secrets.json');
    new EncryptedFileSecretStore(file, testCodec(), recordingLog()).set('k', PASSWORD);
    const log = recordingLog();
    expect(new EncryptedFileSecretStore(file, testCodec(), log).get('k')).toBeNull();
    expect(log.lines.some((l) => l.includes('could not be decrypted'))).toBe(true);
  });
});

describe('the memory secret store', () => {
  it('keeps values for this run only', () => {
    const store = new MemorySecretStore();
    expect(store.kind).toBe('memory');
    store.set('k', PASSWORD);
    expect(store.get('k')).toBe(PASSWORD);
    store.delete('k');
    expect(store.get('k')).toBeNull();
    expect(new MemorySecretStore().get('k')).toBeNull();
  });
});
