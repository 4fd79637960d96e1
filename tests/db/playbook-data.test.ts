import { describe, expect, it } from 'vitest';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import { fullSite, openTestWorkspace, type TestWorkspace, playbookSnapshot } from './helpers';

async function siteInSetup(ws: TestWorkspace) {
  await ws.call('settings.update', { timeZone: 'Europe/London' });
  const client = await ws.call('clients.create', { name: 'Northwind' });
  return ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
}

describe('checklist, acceptance checks and cadences are playbook data', () => {
  it('installs the shipped checklist, acceptance checks and cadences at version 1', async () => {
    const ws = openTestWorkspace();
    const shipped = defaultPlaybook();
    const items = await ws.call('playbook.items', {});
    expect(items.checklist.map((i) => [i.itemId, i.title, i.computed ?? undefined])).toEqual(shipped.checklist.map((i) => [i.id, i.title, i.computed]));
    expect(items.acceptance.map((i) => [i.itemId, i.title, i.description])).toEqual(shipped.acceptanceChecks.map((i) => [i.id, i.title, i.description]));
    expect(
      items.cadences.map((c) => ({ kind: c.kind, description: c.description, rrule: c.rrule ?? undefined, offsetDays: c.offsetDays ?? undefined })),
    ).toEqual(shipped.cadences.map((c) => ({ kind: c.kind, description: c.description, rrule: c.rrule, offsetDays: c.offsetDays })));
    const all = [...items.checklist, ...items.acceptance, ...items.cadences];
    expect(all.every((v) => v.version === 1 && v.publishedBy === 'Rollout Workbench' && v.changeSummary === 'Default SophMate playbook')).toBe(true);

    // Opening again installs nothing more.
    const before = playbookSnapshot(ws);
    ws.session.close();
    const again = openTestWorkspace(ws.file);
    expect(playbookSnapshot(again)).toEqual(before);
  });

  it('a workspace made before these were stored gets each missing part on its next open, without touching its SOPs', async () => {
    const ws = openTestWorkspace();
    const current = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const { workflow: _w, role: _r, version: _v, ...body } = current.sop;
    await ws.call('sops.publish', {
      workflow: 'support_drafts',
      role: 'support_agent',
      baseVersion: 1,
      sop: { ...body, whenToStop: [...body.whenToStop, 'The customer asks for a refund over 500 EUR.'] },
      changeSummary: 'Refund limit',
    });
    const scenariosBefore = ws.session.workspace.sqlite.prepare('SELECT slug, basis_kind, basis_index, risk FROM scenarios ORDER BY slug').all();
    // As a workspace migrated from before: no items, no cadences, scenarios without their basis.
    const sqlite = ws.session.workspace.sqlite;
    sqlite.prepare('DELETE FROM playbook_item_versions').run();
    sqlite.prepare("DELETE FROM playbook_cadence_versions WHERE kind <> 'periodic'").run();
    sqlite.prepare('UPDATE scenarios SET basis_kind = NULL, basis_index = NULL, risk = NULL').run();
    const sops = ws.count('sop_versions');
    ws.session.close();

    const again = openTestWorkspace(ws.file);
    expect(again.count('sop_versions')).toBe(sops);
    expect(again.count('playbook_item_versions')).toBe(defaultPlaybook().checklist.length + defaultPlaybook().acceptanceChecks.length);
    // The cadence table was not empty: it is left alone (the four deleted kinds fall back to the shipped ones).
    expect(again.count('playbook_cadence_versions')).toBe(1);
    const cadences = (await again.call('playbook.export', {})).cadences;
    expect(cadences.find((c) => c.kind === 'first_week')?.offsetDays).toBe(7);
    expect(again.session.workspace.sqlite.prepare('SELECT slug, basis_kind, basis_index, risk FROM scenarios ORDER BY slug').all()).toEqual(scenariosBefore);
    const sop = await again.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    expect(sop.sop.version).toBe(2);
    const history = await again.call('history.list', { entity: 'sop' });
    expect(history.rows[0]).toMatchObject({ action: 'install' });
    expect(history.rows[0]!.summary).toContain('checklist items');
  });

  it('editing a checklist item publishes version 2, and readiness shows the new title; a computed item stays computed', async () => {
    const ws = openTestWorkspace();
    const site = await siteInSetup(ws);
    const edited = await ws.call('playbook.updateItem', {
      kind: 'checklist',
      itemId: 'reach-diagnostics',
      version: 1,
      title: 'Team can reach Diagnostics, support bundles and the support path',
      description: 'Operators showed where Diagnostics is and made a support bundle on staging.',
      changeSummary: 'First-week review: nobody knew how to make a support bundle',
    });
    expect(edited).toMatchObject({
      version: 2,
      publishedBy: 'tester',
      changeSummary: 'First-week review: nobody knew how to make a support bundle',
      computed: null,
      retired: false,
    });
    const readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.checklist.find((c) => c.id === 'reach-diagnostics')).toMatchObject({
      title: 'Team can reach Diagnostics, support bundles and the support path',
      status: 'open',
    });
    expect((await ws.call('playbook.itemHistory', { kind: 'checklist', itemId: 'reach-diagnostics' })).map((v) => [v.version, v.changeSummary])).toEqual([
      [2, 'First-week review: nobody knew how to make a support bundle'],
      [1, 'Default SophMate playbook'],
    ]);

    const computed = await ws.call('playbook.updateItem', {
      kind: 'checklist',
      itemId: 'setup-record',
      version: 1,
      title: 'Setup record filled in',
      description: 'Everything the setup record asks for is recorded.',
      changeSummary: 'Plainer words',
    });
    expect(computed).toMatchObject({ version: 2, computed: 'setup_record_complete' });
    const after = await ws.call('readiness.get', { siteId: site.id });
    expect(after.checklist.find((c) => c.id === 'setup-record')).toMatchObject({ title: 'Setup record filled in', computed: true });
    expect(after.checklist.map((c) => c.id)).toEqual(defaultPlaybook().checklist.map((c) => c.id));

    const log = await ws.call('history.list', { entity: 'sop' });
    expect(log.rows[0]!.summary).toBe('Published checklist item “Setup record filled in” v2: Plainer words');
  });

  it('refuses a stale version, an unchanged item and bad input, naming the field, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const input = {
      kind: 'acceptance' as const,
      itemId: 'repeatable-setup',
      version: 1,
      title: 'Setup can be repeated from the runbook alone',
      description: 'A trusted administrator repeated the setup on staging using only the handover runbook.',
      changeSummary: 'Say how it is shown',
    };
    await ws.call('playbook.updateItem', input);
    const before = playbookSnapshot(ws);

    const stale = await ws.fail('playbook.updateItem', { ...input, title: 'Another title' });
    expect(stale.code).toBe('STALE_VERSION');
    expect(stale.message).toBe(
      'Acceptance check “Setup can be repeated from the runbook alone” was changed since you opened it. Reload it to see the latest version, then apply your edit again.',
    );

    const same = await ws.fail('playbook.updateItem', { ...input, version: 2 });
    expect(same.code).toBe('REFUSED');
    expect(same.message).toContain('Nothing to publish');

    const blank = await ws.fail('playbook.updateItem', { ...input, version: 2, title: '  ', changeSummary: '' });
    expect(blank.code).toBe('INVALID_INPUT');
    expect(blank.details?.issues).toEqual([
      { path: 'title', message: 'Title is required.' },
      { path: 'changeSummary', message: 'Change summary is required.' },
    ]);

    const secret = await ws.fail('playbook.updateItem', { ...input, version: 2, description: 'Log in with password: hunter2hunter2' });
    expect(secret.code).toBe('INVALID_INPUT');
    expect(secret.details?.issues?.[0]?.path).toBe('description');

    const missing = await ws.fail('playbook.updateItem', { ...input, itemId: 'no-such-item' });
    expect(missing.code).toBe('NOT_FOUND');

    const rrule = await ws.fail('playbook.updateCadence', {
      kind: 'periodic',
      version: 1,
      description: 'Monthly review.',
      rrule: 'every month',
      offsetDays: null,
      changeSummary: 'Busier clients',
    });
    expect(rrule.code).toBe('INVALID_INPUT');
    expect(rrule.details?.issues).toEqual([{ path: 'rrule', message: 'rrule must be an RFC 5545 rule such as FREQ=MONTHLY;INTERVAL=3.' }]);

    const offset = await ws.fail('playbook.updateCadence', {
      kind: 'first_week',
      version: 1,
      description: 'Ten days after.',
      rrule: null,
      offsetDays: -1,
      changeSummary: 'Longer',
    });
    expect(offset.details?.issues).toEqual([{ path: 'offsetDays', message: 'Days after must be a whole number from 0 to 365 (0 for the same day).' }]);
    const noOffset = await ws.fail('playbook.updateCadence', {
      kind: 'first_week',
      version: 1,
      description: 'Ten days after.',
      rrule: '',
      offsetDays: null,
      changeSummary: 'Longer',
    });
    expect(noOffset.details?.issues).toEqual([{ path: 'offsetDays', message: 'Give the days after the event when the review is due (0 for the same day).' }]);
    const noRule = await ws.fail('playbook.updateCadence', {
      kind: 'periodic',
      version: 1,
      description: 'Monthly review.',
      rrule: null,
      offsetDays: null,
      changeSummary: 'Busier clients',
    });
    expect(noRule.details?.issues?.[0]).toMatchObject({ path: 'rrule', message: expect.stringContaining('FREQ=MONTHLY;INTERVAL=3') });
    const staleCadence = await ws.fail('playbook.updateCadence', {
      kind: 'periodic',
      version: 2,
      description: 'Monthly review.',
      rrule: 'FREQ=MONTHLY',
      offsetDays: null,
      changeSummary: 'Busier clients',
    });
    expect(staleCadence.code).toBe('STALE_VERSION');

    expect(playbookSnapshot(ws)).toEqual(before);
  });

  it('editing the first-week offset moves the due day of the first-week review planned when a site moves to pilot', async () => {
    const ws = openTestWorkspace();
    const cadence = (await ws.call('playbook.items', {})).cadences.find((c) => c.kind === 'first_week')!;
    const v2 = await ws.call('playbook.updateCadence', {
      kind: 'first_week',
      version: cadence.version,
      description: cadence.description,
      rrule: null,
      offsetDays: 10,
      changeSummary: 'Pilots start slowly: review after ten days',
    });
    expect(v2).toMatchObject({ kind: 'first_week', version: 2, offsetDays: 10, rrule: null, publishedBy: 'tester' });
    expect((await ws.call('playbook.cadenceHistory', { kind: 'first_week' })).map((v) => v.offsetDays)).toEqual([10, 7]);

    const site = await siteInSetup(ws);
    // The gates are not what this test is about: move by override.
    await ws.call('sites.changeStage', { siteId: site.id, version: site.version, to: 'pilot', overrideReason: 'Moved to pilot for the cadence test' });
    const firstWeek = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'first_week');
    expect(firstWeek).toMatchObject({ dueOn: '2026-03-11', reason: 'The pilot started on 2026-03-01.' });
  });

  it('an imported playbook with a changed checklist item, a dropped acceptance check and a changed cadence is stored and used', async () => {
    const ws = openTestWorkspace();
    const site = await siteInSetup(ws);
    const file = await ws.call('playbook.export', {});
    const edited = structuredClone(file);
    edited.checklist[6]!.title = 'Team can pause any workflow, agent or publishing path';
    edited.acceptanceChecks = edited.acceptanceChecks.filter((a) => a.id !== 'sops-updated');
    edited.cadences.find((c) => c.kind === 'periodic')!.rrule = 'FREQ=MONTHLY;INTERVAL=6';
    const before = playbookSnapshot(ws);
    const r = await ws.call('playbook.import', { content: JSON.stringify(edited) });
    expect(r).toEqual({ published: 0, unchanged: file.sops.length, scenarios: file.scenarios.length });
    // One checklist item, one acceptance check moved up after the one removed, one removed, one cadence.
    expect(ws.count('playbook_item_versions') - before.items).toBe(4);
    expect(ws.count('playbook_cadence_versions') - before.cadences).toBe(1);

    const items = await ws.call('playbook.items', {});
    expect(items.checklist[6]).toMatchObject({
      itemId: edited.checklist[6]!.id,
      version: 2,
      title: 'Team can pause any workflow, agent or publishing path',
      changeSummary: `Imported from playbook file “${file.name}” v${file.version}`,
      publishedBy: 'tester',
    });
    expect(items.acceptance.map((a) => a.itemId)).toEqual(['operators-decide', 'repeatable-setup', 'rollback-before-write']);
    expect((await ws.call('playbook.itemHistory', { kind: 'acceptance', itemId: 'sops-updated' }))[0]).toMatchObject({ version: 2, retired: true });
    expect(items.cadences.find((c) => c.kind === 'periodic')).toMatchObject({ version: 2, rrule: 'FREQ=MONTHLY;INTERVAL=6' });

    const readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.checklist[6]!.title).toBe('Team can pause any workflow, agent or publishing path');
    expect(readiness.acceptance.map((a) => a.id)).not.toContain('sops-updated');
    const refused = await ws.fail('readiness.setItem', {
      siteId: site.id,
      kind: 'acceptance',
      itemId: 'sops-updated',
      status: 'done',
      evidence: 'Updated twice',
    });
    expect(refused.code).toBe('NOT_FOUND');

    // Periodic reviews of sites on the playbook default now come every six months.
    const { reviews, schedule } = await ws.call('reviews.forSite', { siteId: site.id });
    expect(schedule).toMatchObject({ rrule: 'FREQ=MONTHLY;INTERVAL=6', isDefault: true, defaultRrule: 'FREQ=MONTHLY;INTERVAL=6' });
    const initial = reviews.find((x) => x.kind === 'initial_setup')!;
    const done = await ws.call('reviews.complete', { id: initial.id, version: initial.version, notes: 'Setup record and owners checked' });
    expect(done.next).toMatchObject({ kind: 'periodic', dueOn: '2026-09-01', reason: 'Cadence every six months.' });

    // The next export carries what was imported; bringing a retired check back publishes its next version.
    const again = await ws.call('playbook.export', {});
    expect(again.checklist[6]!.title).toBe('Team can pause any workflow, agent or publishing path');
    expect(again.cadences.find((c) => c.kind === 'periodic')!.rrule).toBe('FREQ=MONTHLY;INTERVAL=6');
    expect(again.version).toBeGreaterThan(file.version);
    await ws.call('playbook.import', { content: JSON.stringify({ ...again, acceptanceChecks: file.acceptanceChecks }) });
    const back = await ws.call('playbook.items', {});
    expect(back.acceptance.map((a) => [a.itemId, a.version])).toEqual([
      ['operators-decide', 1],
      ['sops-updated', 3],
      ['repeatable-setup', 3],
      ['rollback-before-write', 3],
    ]);
  });

  it('refuses a file with a secret in a checklist description or an SOP, naming each path, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const bad = structuredClone(file);
    bad.checklist[2]!.description = 'Owners verified; the hosting panel password: hunter2hunter2 is in the runbook.';
    bad.sops[0]!.whenToAsk[0] = 'Ask before using the key sk-proj-abcdefghijklmnopqrstuvwx1234';
    bad.cadences[1]!.description = 'Review at https://admin:s3cretpass@shop.northwind.test/wp-admin a week after the pilot.';
    const before = playbookSnapshot(ws);
    const err = await ws.fail('playbook.import', { content: JSON.stringify(bad) });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe('The playbook file contains 3 secrets; nothing was saved. Remove them (say where each is kept instead) and try again.');
    expect(err.details?.issues?.map((i) => i.path)).toEqual(['sops[0].whenToAsk[0]', 'checklist[2].description', 'cadences[1].description']);
    expect(err.details?.issues?.[1]?.message).toContain('a password or key written out');
    expect(err.details?.issues?.every((i) => !i.message.includes('hunter2hunter2'))).toBe(true);
    expect(playbookSnapshot(ws)).toEqual(before);
  });

  it('refuses a file with two cadences for one kind of review, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const bad = structuredClone(file);
    bad.cadences.push({ kind: 'first_week', description: 'A second first week.', offsetDays: 10 });
    const before = playbookSnapshot(ws);
    const err = await ws.fail('playbook.import', { content: JSON.stringify(bad) });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details?.issues).toEqual([{ path: 'cadences[5].kind', message: 'Second cadence for first_week reviews (the first is cadences[1]): keep one.' }]);
    expect(playbookSnapshot(ws)).toEqual(before);
  });

  it('export then import publishes nothing new, also after edits', async () => {
    const ws = openTestWorkspace();
    await ws.call('playbook.updateItem', {
      kind: 'checklist',
      itemId: 'provider-key-owner',
      version: 1,
      title: 'Provider key owner, bill and rotation recorded',
      description: 'Who owns the key and the bill and when it is next rotated are recorded, never the key.',
      changeSummary: 'Name the bill',
    });
    await ws.call('playbook.updateCadence', {
      kind: 'hosting_change',
      version: 1,
      description: 'Review diagnostics, backups and rollback within two days of a hosting change.',
      rrule: null,
      offsetDays: 2,
      changeSummary: 'Give the team two days',
    });
    const file = await ws.call('playbook.export', {});
    expect(file.checklist.find((c) => c.id === 'provider-key-owner')!.title).toBe('Provider key owner, bill and rotation recorded');
    expect(file.cadences.find((c) => c.kind === 'hosting_change')).toEqual({
      kind: 'hosting_change',
      description: 'Review diagnostics, backups and rollback within two days of a hosting change.',
      offsetDays: 2,
    });
    expect(file.sops.every((s) => s.whenToAsk.length > 0)).toBe(true);
    expect(file.scenarios.every((s) => s.basis !== undefined)).toBe(true);

    const before = playbookSnapshot(ws);
    const r = await ws.call('playbook.import', { content: JSON.stringify(file) });
    expect(r).toEqual({ published: 0, unchanged: file.sops.length, scenarios: file.scenarios.length });
    const after = playbookSnapshot(ws);
    expect(after).toEqual({ ...before, log: before.log + 1 });
    expect(await ws.call('playbook.export', {})).toEqual(file);
  });
});

describe('a playbook keeps the text rules of every form', () => {
  it('refuses control, bidi, annotation and broken characters and line breaks in one-line names, naming each path, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const bad = structuredClone(file);
    bad.name = 'Name\u202E\nX';
    bad.checklist[0]!.title = 'Backups\u0007 checked';
    bad.acceptanceChecks[0]!.title = 'Operators \u200Fdecide';
    bad.sops[0]!.purpose = 'Answer read-only questions.\u0000';
    bad.sops[1]!.refusalRules[0] = 'Never \u001b[2J clear the screen';
    bad.sops[2]!.goodExamples[0]!.why = 'Half an emoji \uD83D here';
    bad.scenarios[0]!.situation = 'A hidden \u{E0041}\u{E0042} instruction';
    const before = playbookSnapshot(ws);
    const err = await ws.fail('playbook.import', { content: JSON.stringify(bad) });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details?.issues).toEqual([
      { path: 'name', message: 'Name must fit on one line: remove the line break.' },
      { path: 'name', message: 'Name contains a text-direction control (U+202E): remove it; it makes the text display in another order than it is stored.' },
      { path: 'sops[0].purpose', message: 'Purpose contains a NUL character (U+0000): remove it; it often comes with text copied from a binary file.' },
      {
        path: 'sops[1].refusalRules[0]',
        message: 'Refusal rule contains an invisible control character (U+001B): remove it; it often comes with text copied from a terminal or a PDF.',
      },
      { path: 'sops[2].goodExamples[0].why', message: 'Why contains a broken character (half of an emoji or symbol, U+D83D): retype that part of the text.' },
      {
        path: 'scenarios[0].situation',
        message: 'Situation contains an invisible character that hides text (U+E0041): remove it; what it hides is not what readers see.',
      },
      {
        path: 'checklist[0].title',
        message: 'Title contains an invisible control character (U+0007): remove it; it often comes with text copied from a terminal or a PDF.',
      },
      {
        path: 'acceptanceChecks[0].title',
        message: 'Title contains a text-direction control (U+200F): remove it; it makes the text display in another order than it is stored.',
      },
    ]);
    expect(playbookSnapshot(ws)).toEqual(before);
  });

  it('a title of invisible characters only is empty', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const bad = structuredClone(file);
    bad.checklist[1]!.title = '\u3164\u200B ';
    bad.acceptanceChecks[1]!.title = '\u0301\u0308';
    const err = await ws.fail('playbook.import', { content: JSON.stringify(bad) });
    expect(err.details?.issues).toEqual([
      { path: 'checklist[1].title', message: 'Title is required.' },
      { path: 'acceptanceChecks[1].title', message: 'Title is required.' },
    ]);
  });

  it('bodies keep their line breaks, stored as \\n, and names in every script are kept as written', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const edited = structuredClone(file);
    edited.name = 'Playbook 🏴󠁧󠁢󠁳󠁣󠁴󠁿 می‌خواهم Family 👨‍👩‍👧';
    edited.checklist[6]!.description = 'First check the backup.\r\nThen pause the workflow.';
    await ws.call('playbook.import', { content: JSON.stringify(edited) });
    const items = await ws.call('playbook.items', {});
    expect(items.checklist[6]!.description).toBe('First check the backup.\nThen pause the workflow.');
    expect(items.checklist[6]!.changeSummary).toBe(`Imported from playbook file “Playbook 🏴󠁧󠁢󠁳󠁣󠁴󠁿 می‌خواهم Family 👨‍👩‍👧” v${file.version}`);
  });

  it('sops.publish refuses the same characters in an SOP, with the path of each', async () => {
    const ws = openTestWorkspace();
    const current = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const { workflow: _w, role: _r, version, ...body } = current.sop;
    const before = playbookSnapshot(ws);
    const err = await ws.fail('sops.publish', {
      workflow: 'support_drafts',
      role: 'support_agent',
      baseVersion: version,
      sop: { ...body, whenToUse: 'Drafts\u202E only', whenToStop: [...body.whenToStop, 'Stop\u0007 here'] },
      changeSummary: 'Hostile edit',
    });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details?.issues?.map((i) => i.path)).toEqual(['sop.whenToUse', `sop.whenToStop.${body.whenToStop.length}`]);
    expect(err.details?.issues?.[0]?.message).toBe(
      'When to use contains a text-direction control (U+202E): remove it; it makes the text display in another order than it is stored.',
    );
    expect(playbookSnapshot(ws)).toEqual(before);
  });
});
