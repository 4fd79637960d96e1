/** The workspace-wide steps both seed profiles take through the services: branding, an SOP revised after a pilot, a former client. */
import { contract } from '@core/contract/index';
import type { WriteContext } from '@main/rpc/context';
import { updateBranding } from '@main/services/branding';
import { createClient, setClientArchived } from '@main/services/clients';
import { getSop, publishSop } from '@main/services/sops';

/** Parses a service input with the contract, as the app's handlers do. */
export const parse = <C extends keyof typeof contract>(channel: C, input: unknown) => contract[channel].input.parse(input) as never;

export function seedBranding(ctx: WriteContext): void {
  updateBranding(ctx, parse('branding.update', { agencyName: 'Brightpath Agency', footer: 'Brightpath Agency · Confidential', logo: null, texts: {} }));
}

/** One SOP edited after the pilot, as after a first-week review: its operators need retraining. */
export function seedSopRevision(ctx: WriteContext): void {
  const sop = getSop(ctx, { workflow: 'support_drafts', role: 'support_agent' }).sop;
  const { workflow: _w, role: _r, version: _v, ...body } = sop;
  publishSop(
    ctx,
    parse('sops.publish', {
      workflow: 'support_drafts',
      role: 'support_agent',
      baseVersion: sop.version,
      sop: { ...body, refusalRules: [...body.refusalRules, 'Never attach an invoice or order export that belongs to another customer.'] },
      changeSummary: 'First-week review: a draft attached another customer’s invoice',
    }),
  );
}

/** One archived client with no active sites, so the Archived filter has something to show. */
export function seedFormerClient(ctx: WriteContext, runId = ''): void {
  const c = createClient(ctx, parse('clients.create', { name: `Former client${runId}` }));
  setClientArchived(ctx, { id: c.id }, true);
}
