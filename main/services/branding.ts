/**
 * `branding.*`: the agency name, footer, logo and per-document texts every generated document
 * carries, kept in the workspace settings. History records the logo by its fingerprint, not the image.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { DOCUMENT_KINDS, type DocumentKind } from '@core/documents/model';
import { workspaceMeta } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';

const BRANDING_KEYS = { agencyName: 'branding.agencyName', footer: 'branding.footer', logo: 'branding.logo', texts: 'branding.texts' } as const;

export function getBranding(ctx: Pick<HandlerContext, 'db'>) {
  const rows = ctx.db.all<{ key: string; value: string }>(sql`SELECT key, value FROM workspace_meta WHERE key LIKE 'branding.%'`);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const parse = <T>(v: string | undefined, fallback: T): T => {
    try {
      return v === undefined ? fallback : (JSON.parse(v) as T);
    } catch {
      return fallback;
    }
  };
  return {
    agencyName: parse<string>(get(BRANDING_KEYS.agencyName), ''),
    footer: parse<string>(get(BRANDING_KEYS.footer), ''),
    logo: parse<{ mime: 'image/png' | 'image/jpeg'; base64: string } | null>(get(BRANDING_KEYS.logo), null),
    texts: Object.fromEntries(
      DOCUMENT_KINDS.map((k) => [k, parse<Partial<Record<DocumentKind, string | null>>>(get(BRANDING_KEYS.texts), {})[k] ?? null]),
    ) as Record<DocumentKind, string | null>,
  };
}

/** The logo as history records it: what it is and its fingerprint, not the image itself. */
const logoFact = (logo: { mime: string; base64: string } | null) =>
  logo
    ? {
        mime: logo.mime,
        bytes: Buffer.byteLength(logo.base64, 'base64'),
        sha256: createHash('sha256').update(Buffer.from(logo.base64, 'base64')).digest('hex'),
      }
    : null;

export function updateBranding(ctx: WriteContext, input: ParsedInputOf<'branding.update'>) {
  mutate(ctx, 'settings', (tx, at) => {
    const old = getBranding(ctx);
    const values: [string, unknown][] = [
      [BRANDING_KEYS.agencyName, input.agencyName ?? ''],
      [BRANDING_KEYS.footer, input.footer ?? ''],
      [BRANDING_KEYS.logo, input.logo],
      [BRANDING_KEYS.texts, input.texts],
    ];
    for (const [key, v] of values) {
      const value = JSON.stringify(v);
      tx.insert(workspaceMeta)
        .values({ key, value, updatedAt: at })
        .onConflictDoUpdate({ target: workspaceMeta.key, set: { value, updatedAt: at } })
        .run();
    }
    const now = getBranding(ctx);
    recordChange(tx, ctx, at, {
      entity: 'settings',
      entityId: 'branding',
      action: 'branding',
      summary: `Document branding saved (agency “${input.agencyName ?? ''}”${input.logo ? ', with a logo' : ', no logo'})`,
      before: { ...old, logo: logoFact(old.logo) },
      after: { ...now, logo: logoFact(now.logo) },
    });
    return { id: 'branding' };
  });
  return getBranding(ctx);
}
