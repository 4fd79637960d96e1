/** The workspace-wide steps both seed profiles take through the services: branding, the runbook template, an SOP revised after a pilot, a former client. */
import { contract } from '@core/contract/index';
import type { WriteContext } from '@main/rpc/context';
import { updateBranding } from '@main/services/branding';
import { createClient, setClientArchived } from '@main/services/clients';
import { getRunbook, setRunbookList, setRunbookValues } from '@main/services/runbook';
import { getSop, publishSop } from '@main/services/sops';
import { RUNBOOK_EXAMPLE } from './runbook-data';

/** Parses a service input with the contract, as the app's handlers do. */
export const parse = <C extends keyof typeof contract>(channel: C, input: unknown) => contract[channel].input.parse(input) as never;

export function seedBranding(ctx: WriteContext): void {
  updateBranding(ctx, parse('branding.update', { agencyName: 'Brightpath Agency', footer: 'Brightpath Agency · Confidential', logo: null, texts: {} }));
}

/**
 * The agency's runbook template: every fact the agency knows for all its sites (where each site's
 * backups are is recorded per site), and its vendor contacts.
 */
export function seedRunbookTemplate(ctx: WriteContext): void {
  const scope = { workspace: true } as const;
  const { backupLocation: _perSite, ...values } = RUNBOOK_EXAMPLE.values;
  const view = setRunbookValues(ctx, parse('runbook.setValues', { scope, revision: getRunbook(ctx, scope).revision, values }));
  const vendors = view.lists.find((l) => l.list === 'vendors')!;
  setRunbookList(ctx, parse('runbook.setList', { scope, list: 'vendors', items: RUNBOOK_EXAMPLE.lists.vendors, revision: vendors.revision }));
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
