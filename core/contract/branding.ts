/** The agency's branding of generated documents: name, footer, logo and the texts each document opens with. */
import { z } from 'zod';
import { DOCUMENT_KINDS, DOCUMENT_LABEL } from '../documents/model';
import { placeholderError, unknownPlaceholders } from '../documents/placeholders';
import { optionalNote, optionalText } from './fields';

const LOGO_MAX_BYTES = 512 * 1024;

/** A logo is a PNG or JPEG (checked by its first bytes, not its name), at most 512 KB. */
export function logoProblem(logo: { mime: string; base64: string }): string | null {
  let bytes: Uint8Array;
  try {
    const bin = atob(logo.base64);
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return 'The logo is not a readable image file.';
  }
  if (bytes.length > LOGO_MAX_BYTES) return `The logo is ${Math.ceil(bytes.length / 1024)} KB: use a PNG or JPEG of at most 512 KB.`;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) return 'The logo must be a PNG or JPEG image (this file is neither, whatever its name says).';
  if ((png && logo.mime !== 'image/png') || (jpeg && logo.mime !== 'image/jpeg'))
    return `The logo is a ${png ? 'PNG' : 'JPEG'} file: its type must be ${png ? 'image/png' : 'image/jpeg'}.`;
  return null;
}

const Texts = z
  .object(
    Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, optionalNote(`The ${DOCUMENT_LABEL[k]} text`, 4000)])) as Record<
      (typeof DOCUMENT_KINDS)[number],
      ReturnType<typeof optionalNote>
    >,
  )
  .superRefine((texts, ctx) => {
    for (const k of DOCUMENT_KINDS) {
      const text = texts[k];
      if (typeof text !== 'string') continue;
      const unknown = unknownPlaceholders(text);
      if (unknown.length) ctx.addIssue({ code: 'custom', path: [k], message: placeholderError(`The ${DOCUMENT_LABEL[k]} text`, unknown) });
    }
  });

export const Branding = z.object({
  agencyName: z.string(),
  footer: z.string(),
  logo: z.object({ mime: z.enum(['image/png', 'image/jpeg']), base64: z.string() }).nullable(),
  texts: z.record(z.enum(DOCUMENT_KINDS), z.string().nullable()),
});

export const brandingContract = {
  'branding.get': { input: z.object({}).default({}), output: Branding },
  'branding.update': {
    input: z
      .object({
        agencyName: optionalText('Agency name', 120),
        footer: optionalText('Footer', 300),
        logo: z
          .object({
            mime: z.enum(['image/png', 'image/jpeg'], { error: 'The logo must be a PNG or JPEG image.' }),
            base64: z.string().max(800_000, { error: 'The logo is too large: use at most 512 KB.' }),
          })
          .nullable(),
        texts: Texts,
      })
      .superRefine((v, ctx) => {
        const unknownInFooter = v.footer ? unknownPlaceholders(v.footer) : [];
        if (unknownInFooter.length) ctx.addIssue({ code: 'custom', path: ['footer'], message: placeholderError('The footer', unknownInFooter) });
        if (v.logo) {
          const problem = logoProblem(v.logo);
          if (problem) ctx.addIssue({ code: 'custom', path: ['logo'], message: problem });
        }
      }),
    output: Branding,
  },
} as const;
