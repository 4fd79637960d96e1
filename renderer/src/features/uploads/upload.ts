/**
 * Sends a file the user picked to main in text chunks (see core/contract/uploads.ts): the file is
 * read as a stream and decoded as UTF-8 piece by piece, so it is never held whole in the page.
 */
import { UPLOAD_CHUNK_CHARS, type UploadInfo } from '@core/contract/uploads';
import { rpc } from '../../lib/rpc';

export interface UploadProgress {
  /** Bytes of the file read so far. */
  bytes: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  /** Largest text chunk per call; the contract's limit unless a test asks for smaller ones. */
  chunkChars?: number;
}

/** Splits decoded text into pieces of at most `max` characters, never between the halves of a surrogate pair. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + max, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - at > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

function aborted(): DOMException {
  return new DOMException('The upload was cancelled.', 'AbortError');
}

/** Counts the bytes the byte stream yields, so progress follows the file rather than the text. */
function countingStream(onBytes: (n: number) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      onBytes(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
}

/**
 * Uploads `file`: `uploads.begin`, its text in order with `uploads.append`, then `uploads.finish`.
 * On abort (or any failure) the partial upload is discarded and the error is thrown again.
 */
export async function uploadFile(file: Blob & { name: string }, options: UploadOptions = {}): Promise<UploadInfo> {
  const { onProgress, signal } = options;
  const max = Math.max(1, Math.min(options.chunkChars ?? UPLOAD_CHUNK_CHARS, UPLOAD_CHUNK_CHARS));
  if (signal?.aborted) throw aborted();
  const { uploadId } = await rpc('uploads.begin', { fileName: file.name, size: file.size });
  let seq = 0;
  let read = 0;
  onProgress?.({ bytes: 0, total: file.size });
  const reader = file
    .stream()
    .pipeThrough(countingStream((n) => (read += n)))
    .pipeThrough(new TextDecoderStream('utf-8') as unknown as TransformStream<Uint8Array, string>)
    .getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw aborted();
      const { done, value } = await reader.read();
      if (done) break;
      for (const piece of splitText(value, max)) {
        if (signal?.aborted) throw aborted();
        await rpc('uploads.append', { uploadId, seq: seq++, text: piece });
      }
      onProgress?.({ bytes: read, total: file.size });
    }
    const info = await rpc('uploads.finish', { uploadId });
    onProgress?.({ bytes: file.size, total: file.size });
    return info;
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    await rpc('uploads.discard', { uploadId }).catch(() => undefined);
    throw e;
  }
}

/** Bytes per base64 chunk: a multiple of 3, so every chunk is whole groups of four characters within the limit. */
const BINARY_CHUNK_BYTES = Math.floor((UPLOAD_CHUNK_CHARS / 4) * 3);

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Uploads a binary file (a backup, a handover bundle) as base64 chunks of whole byte groups, read
 * slice by slice so it is never held whole. The same begin / append / finish / discard as uploadFile.
 */
export async function uploadBinaryFile(file: Blob & { name: string }, options: Omit<UploadOptions, 'chunkChars'> = {}): Promise<UploadInfo> {
  const { onProgress, signal } = options;
  if (signal?.aborted) throw aborted();
  const { uploadId } = await rpc('uploads.begin', { fileName: file.name, size: file.size, encoding: 'base64' });
  try {
    let seq = 0;
    onProgress?.({ bytes: 0, total: file.size });
    for (let at = 0; at < file.size; at += BINARY_CHUNK_BYTES) {
      if (signal?.aborted) throw aborted();
      const bytes = new Uint8Array(await file.slice(at, at + BINARY_CHUNK_BYTES).arrayBuffer());
      await rpc('uploads.append', { uploadId, seq: seq++, text: toBase64(bytes) });
      onProgress?.({ bytes: Math.min(file.size, at + bytes.length), total: file.size });
    }
    return await rpc('uploads.finish', { uploadId });
  } catch (e) {
    await rpc('uploads.discard', { uploadId }).catch(() => undefined);
    throw e;
  }
}

/** Drops an upload the page no longer needs (the wizard was closed before importing). */
export const discardUpload = (uploadId: string) => rpc('uploads.discard', { uploadId }).catch(() => undefined);
