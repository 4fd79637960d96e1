import { defaultScenarios } from './default-scenarios';
import { defaultSops } from './default-sops';
import { PLAYBOOK_FORMAT, type Playbook } from './schema';

/** The SophMate playbook that ships with the app. Sites start from it; edits create new versions. */
export function defaultPlaybook(): Playbook {
  return {
    format: PLAYBOOK_FORMAT,
    formatVersion: 1,
    name: 'SophMate rollout playbook',
    version: 1,
    sops: defaultSops(),
    scenarios: defaultScenarios(),
    checklist: [
      {
        id: 'setup-record',
        title: 'Setup record complete',
        description: 'Setup owner, production and staging URL, SophMate, WordPress and PHP versions and the active theme are recorded.',
        computed: 'setup_record_complete',
      },
      {
        id: 'sops-all-workflows',
        title: 'Role SOPs exist for all six workflows',
        description: 'Every workflow the site uses has an SOP for each role that uses it.',
        computed: 'sops_all_workflows',
      },
      {
        id: 'owners-verified',
        title: 'Provider, diagnostics, permissions and rollback owners verified',
        description: 'Each is assigned and has shown they can do the job, not only agreed to it.',
        computed: 'owners_verified',
      },
      {
        id: 'rollback-documented',
        title: 'Rollback plan current',
        description: 'A rollback plan exists and is current before any write-capable workflow is enabled.',
        computed: 'rollback_document_current',
      },
      {
        id: 'first-week-review',
        title: 'First-week review done',
        description: 'Prompts, rejected plans, support drafts, approvals and audit records of the first week were reviewed.',
        computed: 'first_week_review_done',
      },
      {
        id: 'reach-diagnostics',
        title: 'Team can reach diagnostics and support',
        description: 'Operators know where Diagnostics is, how to make a support bundle and which support path owns which problem.',
      },
      {
        id: 'pause-high-risk',
        title: 'Team knows where to pause high-risk activity',
        description: 'Operators can pause a workflow, agent, tool or publishing path, and know who may restart it.',
      },
      {
        id: 'outbound-https-verified',
        title: 'Hosting readiness tested, not assumed',
        description: 'Outbound HTTPS to the provider, backups and support routing were tested; a loading admin page is not proof.',
      },
      {
        id: 'provider-key-owner',
        title: 'Provider key owner and rotation recorded',
        description: 'Who owns the key and the bill, the rotation date and the next review are recorded (never the key).',
      },
    ],
    acceptanceChecks: [
      {
        id: 'operators-decide',
        title: 'Operators know when to ask, approve, reject, escalate or stop',
        description: 'Every operator passed the scenario check for their role on the current SOPs.',
      },
      {
        id: 'sops-updated',
        title: 'SOPs are updated from what operators get wrong',
        description: 'When users repeatedly miss context, risk, role limits or support paths, the SOPs were updated.',
      },
      {
        id: 'repeatable-setup',
        title: 'A trusted administrator can repeat the setup without private notes',
        description: 'The handover runbook alone is enough to set the site up again.',
      },
      {
        id: 'rollback-before-write',
        title: 'Rollback or support path documented before write-capable workflows',
        description: 'No write-capable workflow was enabled before its rollback plan and support path existed.',
      },
    ],
    cadences: [
      { kind: 'initial_setup', description: 'Review the setup record, owners and access model when the site is created.', offsetDays: 0 },
      {
        kind: 'first_week',
        description: 'Review prompts, rejected plans, support drafts, approvals and audit records one week after the pilot starts.',
        offsetDays: 7,
      },
      {
        kind: 'hosting_change',
        description: 'Review diagnostics, backups and rollback after a change of host, PHP, WordPress or SophMate version.',
        offsetDays: 0,
      },
      { kind: 'before_new_users', description: 'Review training and access before new operators are added to a site in adoption.', offsetDays: 0 },
      { kind: 'periodic', description: 'Quarterly review of owners, SOPs, provider key rotation and incidents.', rrule: 'FREQ=MONTHLY;INTERVAL=3' },
    ],
  };
}
