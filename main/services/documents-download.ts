/**
 * `documents.generate`: one document rendered, recorded and handed to the window as a download. Text
 * formats travel as UTF-8 text, a PDF as base64.
 */
import type { ParsedInputOf } from '@core/contract/index';
import type { WriteContext } from '../rpc/context';
import { generateDocument } from './documents';

export async function downloadDocument(ctx: WriteContext, input: ParsedInputOf<'documents.generate'>) {
  const r = await generateDocument(ctx, input);
  const encoding = input.format === 'pdf' ? ('base64' as const) : ('utf8' as const);
  return { fileName: r.fileName, mime: r.mime, encoding, content: r.bytes.toString(encoding), record: r.record };
}
