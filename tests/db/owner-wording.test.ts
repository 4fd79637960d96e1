/**
 * "Primary owner" already says owner: every sentence that puts "owner" after a responsibility's label
 * (history, readiness reasons, a document's missing parts and escalation contacts) names it once.
 */
import { describe, expect, it } from 'vitest';
import { ownerProblem, type ReadinessFacts } from '@core/domain/readiness';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { DOCUMENT_KINDS } from '@core/documents/model';
import { documentModel } from '@main/services/documents';
import { openTestWorkspace } from './helpers';

describe('a responsibility owner is named once', () => {
  it('history, readiness reasons and documents say "Primary owner", never "Primary owner owner"', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Northwind Shop', productionUrl: 'https://shop.northwind.test' });
    const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
    // Documents before anyone is assigned list the missing owners.
    const before = DOCUMENT_KINDS.map((k) => JSON.stringify(documentModel(ws.session.ctx, site.id, k, false)));
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'primary', ownerId: ann.id });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'primary', ownerId: bo.id });
    await ws.call('owners.verify', { siteId: site.id, responsibility: 'primary', verifiedById: ann.id });
    const self = await ws.fail('owners.verify', { siteId: site.id, responsibility: 'primary', verifiedById: bo.id });
    expect(self.message).toBe('Bo Chen cannot verify themselves as Primary owner: someone else confirms that they can do the job.');
    const after = DOCUMENT_KINDS.map((k) => JSON.stringify(documentModel(ws.session.ctx, site.id, k, false)));
    await ws.call('owners.unassign', { siteId: site.id, responsibility: 'primary' });
    const history = (await ws.call('history.list', { siteId: site.id, limit: 50 })).rows.map((r) => r.summary);
    expect(history.slice(0, 4)).toEqual([
      'Bo Chen removed as Primary owner of “Northwind Shop”',
      'Primary owner Bo Chen of “Northwind Shop” verified by Ann Lee',
      'Primary owner of “Northwind Shop” changed from Ann Lee to Bo Chen (needs verification)',
      'Ann Lee assigned as Primary owner of “Northwind Shop”',
    ]);
    expect([...before, ...after].join('\n')).not.toMatch(/owner owner/i);
    expect(after.join('\n')).toContain('Bo Chen');

    const facts = (owner: ReadinessFacts['owners'][keyof ReadinessFacts['owners']]) =>
      ({
        now: '2026-11-26T10:00:00.000Z',
        maxVerificationAgeDays: 90,
        owners: Object.fromEntries(RESPONSIBILITIES.map((r) => [r, owner])),
      }) as unknown as ReadinessFacts;
    expect(ownerProblem('primary', facts({ assigned: false, ownerName: null, ownerActive: false, verifiedAt: null }))).toBe('No Primary owner is assigned.');
    expect(ownerProblem('primary', facts({ assigned: true, ownerName: 'Bo', ownerActive: false, verifiedAt: null }))).toBe(
      'The Primary owner (Bo) is inactive: assign an active person.',
    );
    expect(ownerProblem('primary', facts({ assigned: true, ownerName: 'Bo', ownerActive: true, verifiedAt: '2026-01-01T00:00:00.000Z' }))).toBe(
      'The Primary owner (Bo) was last verified 329 days ago (more than 90): verify again.',
    );
    expect(ownerProblem('hosting', facts({ assigned: true, ownerName: 'Bo', ownerActive: true, verifiedAt: null }))).toBe(
      'The Hosting owner (Bo) is not verified.',
    );
  });
});
