/**
 * Every channel, arbitrary input: the answer is a value, INVALID_INPUT or a domain refusal, never
 * INTERNAL, and a refused call writes nothing. Inputs are both free JSON and objects shaped like the
 * channel's input (its own keys, with real ids, hostile strings, wrong types and extremes), so they
 * get past the first check and reach the services.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contract, type Channel } from '@core/contract/index';
import { ErrorCode } from '@core/errors';
import { fullSite, openTestWorkspace, type TestWorkspace } from '../db/helpers';
import { encodedSecrets, MULTI_LINE_NOTES, PRINTABLE_NAMES, REFUSED_IN_ONE_LINE } from '../fixtures/hostile-strings';

interface ZodLike {
  _zod?: { def: { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; schema?: unknown } };
}

/** The keys of a channel's input object, through defaults, pipes and preprocessors. */
function shapeOf(schema: unknown, depth = 0): Record<string, unknown> | null {
  const def = (schema as ZodLike)?._zod?.def;
  if (!def || depth > 6) return null;
  if (def.type === 'object' && def.shape) return def.shape;
  for (const inner of [def.innerType, def.in, def.schema]) {
    const found = inner ? shapeOf(inner, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

const channels = Object.keys(contract) as Channel[];

describe('every channel under arbitrary input', () => {
  // A fresh workspace per channel (the helpers close workspaces after each test), with a record of each kind.
  async function setup(): Promise<{ ws: TestWorkspace; ids: string[] }> {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { ...fullSite, clientId: client.id });
    const person = await ws.call('people.create', { name: 'Dana Reviewer', email: 'dana@agency.test', organisation: 'agency' });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'primary', ownerId: person.id });
    const op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'editor' });
    return { ws, ids: [client.id, site.id, person.id, op.id] };
  }

  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom(...PRINTABLE_NAMES, ...REFUSED_IN_ONE_LINE, ...MULTI_LINE_NOTES, ...encodedSecrets().map((s) => s.text)),
    fc.constantFrom('', ' ', '\u200b', 'x'.repeat(5000), '2026-02-30', 'https://shop.example.com/%E0%A4%A', '../../etc/passwd'),
  );
  const value = (ids: string[]) =>
    fc.oneof(
      { weight: 3, arbitrary: text },
      { weight: 2, arbitrary: fc.constantFrom(...ids) },
      fc.integer(),
      fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN),
      fc.boolean(),
      fc.constant(null),
      fc.array(text, { maxLength: 4 }),
      fc.jsonValue({ maxDepth: 3 }),
    );

  it.each(channels)('%s answers a value or a refusal, and a refusal writes nothing', async (channel) => {
    const { ws, ids } = await setup();
    const keys = Object.keys(shapeOf(contract[channel].input) ?? {});
    const shaped = keys.length
      ? fc.dictionary(fc.constantFrom(...keys), value(ids), { maxKeys: keys.length })
      : fc.dictionary(fc.string(), value(ids), { maxKeys: 3 });
    const input = fc.oneof(shaped, shaped, fc.jsonValue({ maxDepth: 3 }));
    const sqlite = ws.session.workspace.sqlite;
    const changes = () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const before = changes();
        const r = await ws.session.dispatch(channel, raw);
        if (r.ok) return;
        expect(r.error.code, `${channel} answered ${r.error.code}: ${r.error.message}`).not.toBe(ErrorCode.INTERNAL);
        expect(changes(), `${channel} refused (${r.error.code}) but wrote`).toBe(before);
      }),
      { numRuns: 40 },
    );
  });
});

/**
 * Valid calls with one field made hostile: these pass the outer shape and reach the rules and the
 * database, where a missed case would surface as INTERNAL or as a half-done write.
 */
describe('valid calls with one field replaced by a hostile value', () => {
  async function setup() {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { ...fullSite, clientId: client.id });
    const person = await ws.call('people.create', { name: 'Dana Reviewer', email: 'dana@agency.test', organisation: 'agency' });
    const other = await ws.call('people.create', { name: 'Eli Verifier', email: 'eli@agency.test', organisation: 'agency' });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'primary', ownerId: person.id });
    const op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'editor' });
    const review = (await ws.call('reviews.forSite', { siteId: site.id })).reviews[0]!;
    const incident = await ws.call('incidents.open', {
      siteId: site.id,
      severity: 'high',
      title: 'Copilot quoted a wrong refund policy',
      whatHappened: 'The answer named a 60-day window',
      affectedWorkflow: 'read_only_copilot',
      occurredAt: '2026-02-28T09:00',
    });
    const sop = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const item = (await ws.call('playbook.items', {})).checklist[0]!;
    const cadence = (await ws.call('playbook.items', {})).cadences[0]!;
    const runbook = await ws.call('runbook.get', { scope: { siteId: site.id } });
    const bases: Partial<Record<Channel, Record<string, unknown>>> = {
      'clients.update': { ...client, id: client.id, version: client.version },
      'sites.update': { ...site, id: site.id, version: site.version },
      'people.update': { ...person, id: person.id, version: person.version },
      'owners.assign': { siteId: site.id, responsibility: 'hosting', ownerId: other.id, note: 'Hosting panel holder' },
      'owners.verify': { siteId: site.id, responsibility: 'primary', verifiedById: other.id },
      'sops.publish': {
        workflow: 'support_drafts',
        role: 'support_agent',
        baseVersion: sop.sop.version ?? 1,
        sop: sop.sop,
        changeSummary: 'Clearer refusal rules',
      },
      'playbook.updateItem': {
        kind: 'checklist',
        itemId: item.itemId,
        version: item.version,
        title: item.title,
        description: item.description,
        changeSummary: 'Plainer words',
      },
      'playbook.updateCadence': {
        kind: cadence.kind,
        version: cadence.version,
        description: cadence.description,
        rrule: cadence.rrule,
        offsetDays: cadence.offsetDays,
        changeSummary: 'Same cadence, new words',
      },
      'overrides.add': {
        siteId: site.id,
        workflow: 'support_drafts',
        role: 'support_agent',
        kind: 'escalation_contact',
        text: 'Out of hours: duty phone +44 20 7946 0001',
      },
      'operators.add': { siteId: site.id, personId: other.id, role: 'support_agent' },
      'operators.revokeAccess': { operatorId: op.id, reason: 'Left the client team' },
      'readiness.setItem': { siteId: site.id, kind: 'checklist', itemId: 'reach-diagnostics', status: 'done', evidence: 'Opened on the setup call' },
      'sites.changeStage': { siteId: site.id, version: site.version, to: 'paused' },
      'pauses.pause': { siteId: site.id, reason: 'Copilot quoted a wrong refund policy', workflows: ['read_only_copilot'] },
      'settings.update': { verificationMaxAgeDays: 30, timeZone: 'Europe/London' },
      'reviews.complete': { id: review.id, version: review.version, notes: 'Walked through with the team' },
      'reviews.skip': { id: review.id, version: review.version, reason: 'The client ran their own review' },
      'reviews.snooze': { id: review.id, version: review.version, until: '2026-04-01' },
      'reviews.assign': { id: review.id, version: review.version, ownerId: other.id },
      'reviews.setSchedule': { siteId: site.id, rrule: 'FREQ=MONTHLY' },
      'incidents.addNote': { id: incident.id, text: 'Workflow paused in SophMate' },
      'incidents.resolve': { id: incident.id, preventionOwnerId: other.id, regressionCheck: 'Ten sample answers checked' },
      'views.save': { name: 'Pilot with gaps', query: '?stage=pilot&gaps=1' },
      'runbook.setValues': {
        scope: { siteId: site.id },
        revision: runbook.revision,
        values: { backupLocation: 'Host panel → Backups', restoreTimeTargetMinutes: '90' },
      },
      'runbook.setList': {
        scope: { siteId: site.id },
        list: 'checks',
        items: [{ text: 'The shop loads and checkout completes.', applies: 'always' }],
        revision: runbook.lists.find((l) => l.list === 'checks')!.revision,
      },
      'runbook.recordBackup': { siteId: site.id, takenOn: '2026-02-28' },
      'runbook.recordRehearsal': {
        siteId: site.id,
        rehearsedOn: '2026-02-27',
        outcome: 'failed',
        durationMinutes: 40,
        performedById: other.id,
        notes: 'The uploads folder was missing from the backup',
      },
      'documents.generate': { siteId: site.id, kind: 'support_path', format: 'md', final: false },
      'documents.preview': { siteId: site.id, kind: 'handover_runbook' },
      'branding.update': { agencyName: 'Brightpath Agency', footer: 'Confidential', logo: null, texts: {} },
      'sites.create': { ...fullSite, productionUrl: 'https://other.example.com', clientId: client.id },
      'people.create': { name: 'Fay New', email: 'fay@agency.test', organisation: 'agency' },
      'clients.create': { name: 'Contoso' },
    };
    return { ws, bases };
  }

  const hostile = fc.oneof(
    fc.constantFrom(...PRINTABLE_NAMES, ...REFUSED_IN_ONE_LINE, ...MULTI_LINE_NOTES, ...encodedSecrets().map((s) => s.text)),
    fc.constantFrom('', ' ', '\u200b', 'x'.repeat(100_000), '2026-02-30', '9999-12-31', '0000-01-01', 'FREQ=SECONDLY;INTERVAL=1', 'FREQ=DAILY;COUNT=999999999'),
    fc.constantFrom(null, undefined, true, -1, 0, 2 ** 53, Number.NaN, 1e308, [], {}, [null], { id: 'x' }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it('no INTERNAL and no half-written refusal, for every write channel with a base call', async () => {
    const { ws, bases } = await setup();
    const sqlite = ws.session.workspace.sqlite;
    const changes = () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const entries = Object.entries(bases) as [Channel, Record<string, unknown>][];
    const call = fc
      .constantFrom(...entries)
      .chain(([channel, base]) =>
        fc.record({ channel: fc.constant(channel), base: fc.constant(base), key: fc.constantFrom(...Object.keys(base)), value: hostile }),
      );
    const secrets = new Set<unknown>(encodedSecrets().map((s) => s.text));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(call, async ({ channel, base, key, value }) => {
        const input = { ...base, [key]: value };
        const before = changes();
        const r = await ws.session.dispatch(channel, input);
        if (r.ok) {
          accepted++;
          // A key the channel does not take is dropped unread; anything stored is found by the workspace scan.
          if (secrets.has(value)) {
            const scan = await ws.call('workspace.findSecrets', {});
            expect(scan.locations, `${channel} stored a secret given in ${key}`).toEqual([]);
          }
          return;
        }
        expect(r.error.code, `${channel} with ${key}=${JSON.stringify(value)?.slice(0, 80)}: ${r.error.message}`).not.toBe(ErrorCode.INTERNAL);
        expect(changes(), `${channel} refused (${r.error.code}) but wrote`).toBe(before);
      }),
      { numRuns: 1500 },
    );
    // The base calls are valid, so a good share of the runs must get through to the database.
    expect(accepted).toBeGreaterThan(40);
  }, 120_000);
});
