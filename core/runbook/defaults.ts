/**
 * The built-in runbook template: what a site's rollback plan and support path say where neither the
 * site, its client nor the agency template says otherwise. Written for the client's trusted
 * administrator at 2 a.m.: each step is one action, names who does it through a placeholder
 * (core/documents/placeholders.ts), and never assumes the reader uses this app.
 *
 * Facts that only the agency can know (where backups are, who holds the hosting panel) have no
 * default: a final document is refused until someone records them.
 */
import type { RunbookLevel } from './registry';

export const DEFAULT_RUNBOOK: RunbookLevel = {
  values: {
    rollbackDecider: 'Decided by {{incident_owner}}; when unreachable, by {{primary_owner}}.',
    fixForwardGuidance:
      'Fix forward when the cause is known, the fix is one small change, and the site takes orders and keeps its data while you fix it. ' +
      'Roll back when the site is down or taking wrong orders, customer data may be exposed, an AI change you cannot list touched many records, ' +
      'or no fix is in sight within the restore time target. When in doubt for more than 30 minutes, roll back.',
    restoreTimeTargetMinutes: '120',
    dataLossTargetHours: '24',
    clientMessage:
      'We are restoring {{site}} ({{production_url}}) to its last working state after a problem with the AI assistant. ' +
      'Please ask your team not to edit content, products or orders until we confirm it is back. We will update you every hour until then.',
    staffMessage:
      'Please stop editing {{site}} now: no posts, products, orders or settings until you hear from us. ' +
      'Changes made during the restore may be lost. We expect to be back within {{restore_time}}.',
    customerMessage:
      '{{site}} is briefly unavailable for maintenance. If you placed an order or sent us a message today and do not receive a confirmation by e-mail, ' +
      'please contact us: we will check it for you.',
    clientMessenger: '{{primary_owner}}, when the rollback is decided and again when the site is confirmed working.',
    staffMessenger: '{{primary_owner}}; out of hours, {{incident_owner}}.',
    customerMessenger: 'The client decides whether customers are told; {{primary_owner}} asks them and sends the message they approve.',
    diagnosticsLocation: 'WordPress admin → SophMate → Diagnostics & Support, where support bundles are created too.',
    supportBundleSteps:
      'In WordPress, open SophMate → Diagnostics & Support and choose "Create support bundle". Open the file before sending it: remove customer names, ' +
      'e-mail addresses, phone numbers, order details and any key or password. Send it only to the contact the triage table or the support routing owner ' +
      'names, by e-mail or the vendor portal; never through a public link.',
    unknownRoute:
      'Do not guess and do not retry the action. Pause the workflow you were using ({{pause_instructions}}), write down what you saw and when, ' +
      'and contact {{support_owner}}, who decides the route.',
  },
  lists: {
    severities: [
      {
        name: 'S1 Critical',
        meaning: 'The site is down, checkout fails, customer data may be exposed, or an AI change is damaging live content.',
        responseMinutes: 15,
        updateMinutes: 60,
      },
      {
        name: 'S2 High',
        meaning: 'A write-capable workflow misbehaves or an important feature fails, with a workaround.',
        responseMinutes: 60,
        updateMinutes: 240,
      },
      { name: 'S3 Normal', meaning: 'A problem that slows the team down but harms no customer or data.', responseMinutes: 480, updateMinutes: 1440 },
      { name: 'S4 Question', meaning: 'A question, a training need or a wish.', responseMinutes: 1440, updateMinutes: 2880 },
    ],
    triage: [
      { symptom: 'The site or wp-admin does not load', firstCheck: 'Host status page and error log; recent plugin or theme update', responsibility: 'hosting' },
      {
        symptom: 'SophMate says the provider key is invalid or the quota is used up',
        firstCheck: 'Provider dashboard: key status, billing and quota',
        responsibility: 'provider_key_billing',
      },
      {
        symptom: 'SophMate screens show errors or Diagnostics fails',
        firstCheck: 'SophMate → Diagnostics: PHP, outbound HTTPS, REST, cron',
        responsibility: 'diagnostics',
      },
      {
        symptom: 'An operator can do something their role should not',
        firstCheck: 'WordPress role and SophMate role mapping of that user',
        responsibility: 'permissions',
      },
      {
        symptom: 'Content, products or theme changed in a way nobody approved',
        firstCheck: 'SophMate audit log and post or product revisions; pause write workflows',
        responsibility: 'rollback_restore',
      },
      {
        symptom: 'An approval is stuck or an operator does not know what to do',
        firstCheck: 'The SOP of their role and workflow',
        responsibility: 'support_routing',
      },
    ],
    escalations: [
      { afterMinutes: 15, action: 'No answer from the route owner: call them, then their stand-in.', responsibility: null },
      { afterMinutes: 30, action: 'Still no answer, or the problem is S1: call the incident escalation owner.', responsibility: 'incident_escalation' },
      { afterMinutes: 60, action: 'No fix in sight: the incident owner decides whether to roll back.', responsibility: 'incident_escalation' },
      { afterMinutes: 120, action: 'Tell the primary owner, and the client if it is not already told.', responsibility: 'primary' },
    ],
    triggers: [
      { text: 'The site is down or checkout fails and the cause is not fixed within 30 minutes.', applies: 'always' },
      {
        text: 'An AI change altered content, products or the theme beyond what its plan listed, and the changes cannot be listed and undone one by one.',
        applies: 'always',
      },
      { text: 'Customer or order data may have been changed, lost or exposed.', applies: 'always' },
      { text: 'A SophMate update broke the site and the previous version cannot be reinstalled on its own.', applies: 'always' },
    ],
    reversals: [
      { text: 'Pause high-risk activity in SophMate: {{pause_instructions}}.', applies: 'always' },
      {
        text: 'Before changing anything, write down the time, the user, the screen, the prompt, the approval state and the affected records, and save screenshots of the audit log entries: a restore erases them.',
        applies: 'always',
      },
      { text: 'Turn off the write-capable workflows ({{write_workflows}}) until the site is confirmed healthy.', applies: 'always' },
      {
        text: 'Undo individual AI changes where they can be listed: restore the previous revision of each post and product (Revisions in the editor), and follow the Theme Assistant rollback notes for theme changes.',
        applies: 'always',
      },
      { text: 'Deactivate the SophMate plugin (Plugins → Deactivate); the site keeps working without it.', applies: 'always' },
      {
        text: 'Reinstall the known-good SophMate version {{known_good_sophmate}} from {{plugin_package}} if the problem started with an update.',
        applies: 'always',
      },
      {
        text: 'If a key may be exposed or misused, disconnect the AI provider in SophMate and ask {{provider_owner}} to rotate the key in the provider dashboard.',
        applies: 'always',
      },
    ],
    restore: [
      { text: 'Tell staff to stop editing (see Communication) and note the time: every change after the backup is lost by a restore.', applies: 'always' },
      { text: 'Take a backup of the site as it is now, broken or not, so nothing is lost for good and the cause can be examined later.', applies: 'always' },
      {
        text: 'WooCommerce: put the shop in maintenance mode so no new order arrives, then export the orders, customers and product reviews made since the backup (WooCommerce → Analytics → Orders and Customers → Download, or the shop’s order export tool) and note the last order number, so they can be entered again afterwards.',
        applies: 'woocommerce',
      },
      {
        text: 'Choose what to restore: the database alone undoes content, product, order and settings changes; the files alone undo plugin, theme and upload changes; both when unsure.',
        applies: 'always',
      },
      { text: 'Ask {{restore_owner}} to restore the last good backup from {{backup_location}}; on staging first when time allows.', applies: 'always' },
      { text: 'Clear every cache (host, CDN, object cache) so visitors see the restored site.', applies: 'always' },
      {
        text: 'WooCommerce: enter again the orders, customers and reviews exported before the restore, check the order numbers continue, and tell the affected customers if needed.',
        applies: 'woocommerce',
      },
    ],
    checks: [
      { text: 'The production site ({{production_url}}) loads, logins work, and forms complete end to end.', applies: 'always' },
      { text: 'The SophMate version is the known-good {{known_good_sophmate}} (Plugins screen).', applies: 'always' },
      { text: 'WooCommerce: a test order goes through checkout and payment, and recent orders are all present.', applies: 'woocommerce' },
      { text: 'SophMate Diagnostics passes: PHP version and extensions, outbound HTTPS to the AI provider, REST, cron.', applies: 'always' },
      { text: 'A read-only Copilot question gets an answer; no write-capable workflow runs until the incident owner agrees.', applies: 'always' },
      { text: 'The audit log shows no plan or approval after the restore that nobody expected.', applies: 'always' },
    ],
    afterwards: [
      { text: 'Open an incident ({{incident_location}}) with what happened, when, and what was restored.', applies: 'always' },
      {
        text: 'Write down what was restored: the backup used, who restored it, the versions now running, the staging and Diagnostics results, which automation stays paused and any known caveat.',
        applies: 'always',
      },
      { text: 'Take a fresh backup of the restored site once the checks pass.', applies: 'always' },
      {
        text: 'Lift the pause only with {{incident_owner}}, once a prevention owner is named and the regression checks pass, noting what was checked.',
        applies: 'always',
      },
      { text: 'Review the incident within five working days: cause, what the SOPs and training must change.', applies: 'always' },
      {
        text: 'Send the agency ({{agency}}) the versions now running, to be kept as the known-good state, and ask for an updated rollback plan, so the next person reads the current facts.',
        applies: 'always',
      },
    ],
  },
};
