/**
 * uploads.*: a file sent in order in text chunks to a staging file of its own, hashed as it grows,
 * refused out of order or over the limit, and gone once discarded.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import { newId } from '@db/ids';
import { stagedUpload, uploadLimits, uploadPath } from '@main/services/uploads';
import { openTestWorkspace } from './helpers';

const limit = uploadLimits.maxBytes;
afterEach(() => {
  uploadLimits.maxBytes = limit;
});

describe('uploads', () => {
  it('stages the chunks in order and answers the size and sha256 of the UTF-8 bytes', async () => {
    const ws = openTestWorkspace();
    const text = '\ufeffTime;Actor\r\n2026-11-02 09:00;Zoë Müller\r\n';
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'a.csv', size: Buffer.byteLength(text) });
    expect(await ws.call('uploads.append', { uploadId, seq: 0, text: text.slice(0, 10) })).toEqual({ bytes: Buffer.byteLength(text.slice(0, 10)) });
    await ws.call('uploads.append', { uploadId, seq: 1, text: text.slice(10) });
    const info = await ws.call('uploads.finish', { uploadId });
    const bytes = Buffer.from(text, 'utf8');
    expect(info).toEqual({ uploadId, fileName: 'a.csv', bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    expect(fs.readFileSync(uploadPath(ws.session.ctx, uploadId))).toEqual(bytes);
    expect(stagedUpload(ws.session.ctx, uploadId).sha256).toBe(info.sha256);
  });

  it('stages a binary file sent as base64 byte for byte, and refuses a piece that is not whole base64 groups or a size that differs', async () => {
    const ws = openTestWorkspace();
    const bytes = crypto.randomBytes(1000);
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'backup.rwbackup', size: bytes.length, encoding: 'base64' });
    await ws.call('uploads.append', { uploadId, seq: 0, text: bytes.subarray(0, 600).toString('base64') });
    await ws.call('uploads.append', { uploadId, seq: 1, text: bytes.subarray(600).toString('base64') });
    const info = await ws.call('uploads.finish', { uploadId });
    expect(info.bytes).toBe(1000);
    expect(info.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(fs.readFileSync(uploadPath(ws.session.ctx, uploadId))).toEqual(bytes);

    const broken = await ws.call('uploads.begin', { fileName: 'b.zip', size: 6, encoding: 'base64' });
    const err = await ws.fail('uploads.append', { uploadId: broken.uploadId, seq: 0, text: 'QUJD=' });
    expect(err.message).toBe('A piece of the file did not arrive intact (it is not base64 in whole groups of four characters): choose the file again.');
    expect((await ws.fail('uploads.finish', { uploadId: broken.uploadId })).code).toBe(ErrorCode.NOT_FOUND);

    const short = await ws.call('uploads.begin', { fileName: 'c.zip', size: 4, encoding: 'base64' });
    await ws.call('uploads.append', { uploadId: short.uploadId, seq: 0, text: Buffer.from('abc').toString('base64') });
    expect((await ws.fail('uploads.finish', { uploadId: short.uploadId })).message).toMatch(/^The file changed while it was read/);
  });

  it('refuses a chunk out of order and a chunk after the end, with a plain message', async () => {
    const ws = openTestWorkspace();
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'a.csv', size: 3 });
    const err = await ws.fail('uploads.append', { uploadId, seq: 1, text: 'abc' });
    expect(err.code).toBe(ErrorCode.REFUSED);
    expect(err.message).toBe('A piece of the file arrived out of order (piece 2, expected 1): choose the file again.');
    await ws.call('uploads.append', { uploadId, seq: 0, text: 'abc' });
    await ws.call('uploads.finish', { uploadId });
    expect((await ws.fail('uploads.append', { uploadId, seq: 1, text: 'd' })).code).toBe(ErrorCode.REFUSED);
    expect(fs.readFileSync(uploadPath(ws.session.ctx, uploadId), 'utf8')).toBe('abc');
  });

  it('refuses a file over the limit while it is sent, and removes what was staged', async () => {
    const ws = openTestWorkspace();
    uploadLimits.maxBytes = 8;
    expect((await ws.fail('uploads.begin', { fileName: 'big.csv', size: 9 })).message).toBe('The file is too large: the limit is 8 bytes.');
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'a.csv', size: 8 });
    await ws.call('uploads.append', { uploadId, seq: 0, text: 'abcdef' });
    const err = await ws.fail('uploads.append', { uploadId, seq: 1, text: 'ghi' });
    expect(err.code).toBe(ErrorCode.REFUSED);
    expect(err.message).toMatch(/^The file is too large: the limit is 8 bytes\./);
    expect((await ws.fail('uploads.finish', { uploadId })).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('removes a discarded upload; an unknown one is NOT_FOUND with how to fix it', async () => {
    const ws = openTestWorkspace();
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'a.csv', size: 3 });
    await ws.call('uploads.append', { uploadId, seq: 0, text: 'abc' });
    await ws.call('uploads.finish', { uploadId });
    const file = uploadPath(ws.session.ctx, uploadId);
    expect(await ws.call('uploads.discard', { uploadId })).toEqual({ discarded: true });
    expect(fs.existsSync(file)).toBe(false);
    expect(await ws.call('uploads.discard', { uploadId })).toEqual({ discarded: false });
    expect(() => uploadPath(ws.session.ctx, uploadId)).toThrow('The file is no longer there: choose it again.');
    const err = await ws.fail('uploads.append', { uploadId: newId(), seq: 0, text: 'x' });
    expect(err).toMatchObject({ code: ErrorCode.NOT_FOUND, message: 'The file is no longer there: choose it again.' });
  });

  it('removes uploads older than a day when the next one begins', async () => {
    const ws = openTestWorkspace();
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'old.csv', size: 3 });
    ws.clock.advance(25 * 60 * 60 * 1000);
    await ws.call('uploads.begin', { fileName: 'new.csv', size: 3 });
    expect((await ws.fail('uploads.append', { uploadId, seq: 0, text: 'abc' })).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('refuses at finish a file whose bytes are not the size declared, and removes it', async () => {
    const ws = openTestWorkspace();
    const before = ws.count('change_log');
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'a.csv', size: 1 });
    await ws.call('uploads.append', { uploadId, seq: 0, text: '0123456789' });
    const err = await ws.fail('uploads.finish', { uploadId });
    expect(err).toMatchObject({
      code: ErrorCode.REFUSED,
      message: 'The file changed while it was read (its size is not the size it had when chosen): choose it again.',
    });
    expect((await ws.fail('uploads.finish', { uploadId })).code).toBe(ErrorCode.NOT_FOUND);
    const shrunk = (await ws.call('uploads.begin', { fileName: 'a.csv', size: 100 })).uploadId;
    await ws.call('uploads.append', { uploadId: shrunk, seq: 0, text: 'abc' });
    expect((await ws.fail('uploads.finish', { uploadId: shrunk })).code).toBe(ErrorCode.REFUSED);
    expect(ws.count('change_log')).toBe(before);
  });

  it("accepts what the page's UTF-8 decoding changes: a byte order mark dropped, bytes that are not UTF-8 sent as U+FFFD", async () => {
    const ws = openTestWorkspace();
    // A UTF-8 file with a BOM (3 bytes) the page's decoder drops.
    const bom = await ws.call('uploads.begin', { fileName: 'a.csv', size: 3 + 3 });
    await ws.call('uploads.append', { uploadId: bom.uploadId, seq: 0, text: 'abc' });
    expect((await ws.call('uploads.finish', { uploadId: bom.uploadId })).bytes).toBe(3);
    // A Windows-1252 "café" (4 bytes): the é arrives as U+FFFD (3 bytes).
    const latin = await ws.call('uploads.begin', { fileName: 'b.csv', size: 4 });
    await ws.call('uploads.append', { uploadId: latin.uploadId, seq: 0, text: 'caf\ufffd' });
    expect((await ws.call('uploads.finish', { uploadId: latin.uploadId })).bytes).toBe(6);
  });

  it('keeps only the base name of the file, and refuses a name with a control or direction character, naming the field', async () => {
    const ws = openTestWorkspace();
    const before = ws.count('change_log');
    for (const [fileName, base] of [
      ['../../etc/week.csv', 'week.csv'],
      ['C:\\Users\\ana\\Exports\\week 1.csv', 'week 1.csv'],
    ] as const) {
      const { uploadId } = await ws.call('uploads.begin', { fileName, size: 1 });
      await ws.call('uploads.append', { uploadId, seq: 0, text: 'a' });
      expect((await ws.call('uploads.finish', { uploadId })).fileName).toBe(base);
    }
    const bell = await ws.fail('uploads.begin', { fileName: 'week\u0007.csv', size: 1 });
    expect(bell).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message:
        'File name contains an invisible control character (U+0007): remove it; it often comes with text copied from a terminal or a PDF. Rename the file, then choose it again.',
    });
    expect((bell.details as { issues: { path: string }[] }).issues[0]!.path).toBe('fileName');
    const rlo = await ws.fail('uploads.begin', { fileName: 'invoice\u202Etxt.csv', size: 1 });
    expect(rlo.code).toBe(ErrorCode.INVALID_INPUT);
    expect(rlo.message).toMatch(/^File name contains a text-direction control \(U\+202E\)/);
    expect((await ws.fail('uploads.begin', { fileName: 'exports/..', size: 1 })).message).toBe(
      'File name must name a file, not a folder: choose the file again.',
    );
    expect(ws.count('change_log')).toBe(before);
  });

  it('lets a chunk with a secret-looking text through (it is masked on import), and still scans the file name', async () => {
    const ws = openTestWorkspace();
    const { uploadId } = await ws.call('uploads.begin', { fileName: 'a.csv', size: 60 });
    await ws.call('uploads.append', { uploadId, seq: 0, text: 'key,sk-live-abcdefghijklmnopqrstuvwxyz123456\n' });
    expect((await ws.fail('uploads.begin', { fileName: 'sk-live-abcdefghijklmnopqrstuvwxyz123456.csv', size: 3 })).code).toBe(ErrorCode.INVALID_INPUT);
  });
});
