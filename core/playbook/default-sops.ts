/**
 * The default SOP texts, written per workflow and tailored per role. Each SOP is short on purpose:
 * an operator reads it before SophMate access is granted and must be able to act on it.
 */
import type { Responsibility } from '../domain/responsibilities';
import { OPERATOR_ROLES, WORKFLOW_ROLES, WORKFLOWS, type OperatorRole, type RiskLevel, type Sop, type Workflow } from './schema';

interface WorkflowBase {
  purpose: string;
  whenToUse: string;
  good: { text: string; why?: string }[];
  bad: { text: string; why: string }[];
  refusalRules: string[];
  escalateTo: Responsibility;
  triggers: string[];
  whenToStop: string[];
}

const BASE: Record<Workflow, WorkflowBase> = {
  read_only_copilot: {
    purpose: 'Ask Copilot read-only questions about the site (content, orders, settings, plugin state) to find answers faster, without changing anything.',
    whenToUse: 'When you need to find or summarise information that already exists on the site and you will check the answer before acting on it.',
    good: [
      { text: '“Which products in the Outdoor category have no meta description?”', why: 'Read-only, specific, easy to verify in the admin.' },
      { text: '“Summarise the refund policy page and link to it.”', why: 'Asks for the source so the answer can be checked.' },
    ],
    bad: [
      { text: '“Here is the customer’s card number, can you check the order?”', why: 'Payment data never goes into a prompt.' },
      { text: '“Is the refund policy still 30 days?” and quoting the answer to a customer without opening the page.', why: 'Copilot answers must be checked against the source before anyone relies on them.' },
    ],
    refusalRules: [
      'Never paste passwords, API keys, payment card data or full customer records into a prompt.',
      'Do not ask Copilot to make changes: this workflow is read-only.',
      'Do not treat an answer as policy: check the page, order or setting it came from.',
    ],
    escalateTo: 'support_routing',
    triggers: ['Copilot cannot reach site data or answers with errors', 'An answer contradicts what the admin shows', 'You cannot tell which support path owns the problem'],
    whenToStop: ['Copilot suggests or attempts a change', 'An answer exposes personal data you should not see', 'The same wrong answer comes back twice'],
  },
  support_drafts: {
    purpose: 'Let SophMate draft replies to customer tickets that a person reads, corrects and sends.',
    whenToUse: 'For routine tickets (order status, shipping, returns within policy) where the facts are in the order and the policy pages.',
    good: [
      { text: 'Open the order, ask for a draft reply about its shipping status, correct the tone and the date, then send it yourself.', why: 'The facts are checked and a person owns the reply.' },
      { text: 'Ask for a draft, notice it promises a refund outside policy, and rewrite that sentence before sending.' },
    ],
    bad: [
      { text: 'Sending a draft unread because “it is usually right”.', why: 'Drafts are proposals; every reply is read before it is sent.' },
      { text: 'Pasting a customer’s full address history and phone number into the prompt to “give context”.', why: 'Only the minimum personal data needed belongs in a prompt.' },
    ],
    refusalRules: [
      'Never send a draft you have not read in full.',
      'Never promise refunds, compensation or legal positions the policy does not give you.',
      'Do not include more personal data in the prompt than the ticket needs.',
    ],
    escalateTo: 'support_routing',
    triggers: ['The ticket involves a complaint, legal threat, chargeback or data request', 'The draft cites a policy you cannot find', 'Drafts repeatedly get facts wrong for one kind of ticket'],
    whenToStop: ['A draft contains another customer’s data', 'SophMate sends or schedules a message without you', 'The provider connection fails mid-draft'],
  },
  product_copy: {
    purpose: 'Draft and improve WooCommerce product titles, descriptions and SEO text, reviewed before anything is published.',
    whenToUse: 'When writing or refreshing product copy from facts you have (specifications, supplier sheets, brand guide).',
    good: [
      { text: 'Give the specification sheet and brand tone, ask for a description, check every claim against the sheet, then submit it for approval.', why: 'Claims are grounded in supplied facts and reviewed.' },
      { text: 'Ask for three title options under 60 characters and pick one after checking the SKU and size.' },
    ],
    bad: [
      { text: 'Publishing AI copy that claims “waterproof” when the sheet says “water-resistant”.', why: 'Product claims can be false advertising; each claim is checked.' },
      { text: 'Bulk-rewriting 400 product descriptions and approving them in one go.', why: 'Bulk changes to live copy are medium risk at least and need review in batches.' },
    ],
    refusalRules: [
      'Never publish claims (health, safety, environmental, legal) that the supplied facts do not support.',
      'Do not copy competitors’ text or use their trademarks.',
      'Do not change prices, stock or shipping settings through copy workflows.',
    ],
    escalateTo: 'primary',
    triggers: ['A product needs a regulated claim (health, safety, age limits)', 'The brand guide and the request disagree', 'A bulk plan touches more products than expected'],
    whenToStop: ['A plan would change prices, stock or product status', 'Drafts start mixing up products or SKUs', 'Copy appears on the live site without an approval'],
  },
  theme_assistant_review: {
    purpose: 'Use Theme Assistant to review visual consistency across pages and propose changes, each recorded with URL, selector, intended outcome, reviewer and rollback note.',
    whenToUse: 'For multi-page visual reviews and small, reversible style changes tried on staging first.',
    good: [
      { text: 'Run a review on staging, accept one button-colour change with URL, selector, intended outcome and a rollback note, and check it on mobile.', why: 'Recorded, reversible and checked where it cannot hurt customers.' },
      { text: 'Ask for a consistency report across checkout pages without applying anything.' },
    ],
    bad: [
      { text: 'Applying a batch of CSS changes straight to production on a Friday evening.', why: 'Visual changes go to staging first and need a rollback note and a reviewer.' },
      { text: 'Accepting a change to the checkout template because the screenshot “looks fine”.', why: 'Checkout and payment templates are high risk; a screenshot is not a test.' },
    ],
    refusalRules: [
      'Never apply a visual change without URL, selector, intended outcome, reviewer and rollback note recorded.',
      'Never change checkout, payment or login templates through Theme Assistant without the rollback owner’s approval.',
      'Try changes on staging before production.',
    ],
    escalateTo: 'rollback_restore',
    triggers: ['A change breaks layout, accessibility or checkout', 'The rollback note cannot be written because the change is not reversible', 'Staging and production differ so the review is not valid'],
    whenToStop: ['Checkout, cart or login pages change unexpectedly', 'A change cannot be rolled back', 'Theme Assistant edits files outside the child theme'],
  },
  workflow_approvals: {
    purpose: 'Review AI action plans in the approval queue: read the diff preview, affected records and risk level, then approve, reject or ask for a re-proposal.',
    whenToUse: 'Whenever a plan waits for you in the approval queue and its risk level is within your approval boundary.',
    good: [
      { text: 'Open a medium-risk plan, read the diff and the affected records, add a reviewer note and approve it.', why: 'Medium and high risk always get an explicit human review.' },
      { text: 'Reject a plan whose affected records include products outside the requested category, with a note asking for a re-proposal.' },
    ],
    bad: [
      { text: 'Bulk-approving a queue that mixes low and high risk plans.', why: 'Bulk approval is for low risk only.' },
      { text: 'Approving a high-risk plan because the requester is senior.', why: 'Approval depends on the diff and your boundary, not on who asked.' },
    ],
    refusalRules: [
      'Never approve a plan above your risk boundary: pass it to someone who may approve it.',
      'Never bulk-approve anything but low-risk plans.',
      'Never approve a plan without reading its diff preview and affected records.',
    ],
    escalateTo: 'permissions',
    triggers: ['A plan is above your approval boundary', 'A plan failed after approval or keeps needing re-proposal', 'You are asked to approve your own request for a high-risk change'],
    whenToStop: ['A plan executes without approval', 'An approved plan affects records it did not list', 'Failures repeat after retry'],
  },
  incident_escalation: {
    purpose: 'Act fast and in order when AI-assisted work goes wrong: pause, preserve evidence, escalate.',
    whenToUse: 'When AI output reached customers or the site in a way nobody intended, or a workflow behaves unexpectedly.',
    good: [
      { text: 'Pause the affected workflow, note the time, user, screen, prompt and approval state, then call the incident escalation owner.', why: 'Pause first, preserve evidence, escalate.' },
      { text: 'Report a suspicious plan in the queue without touching it, with a screenshot of the approval state.' },
    ],
    bad: [
      { text: 'Quietly fixing the wrong product prices by hand and telling nobody.', why: 'Without a record, the cause is never fixed and prevention owners are never named.' },
      { text: 'Restarting the workflow right after fixing the symptom.', why: 'Restart only after the prevention owner and a regression check are done.' },
    ],
    refusalRules: [
      'Never delete audit records or evidence of an incident.',
      'Never restart a paused workflow on your own authority.',
      'Do not discuss an incident involving personal data outside the incident channel.',
    ],
    escalateTo: 'incident_escalation',
    triggers: ['AI output reached customers incorrectly', 'A plan executed without approval', 'Personal data appeared where it should not', 'Provider keys, budgets or diagnostics behave unexpectedly'],
    whenToStop: ['Immediately, for any of the escalation triggers: pause the affected workflow, agent, tool or publishing path first'],
  },
};

const APPROVALS: Record<OperatorRole, { mayApprove: RiskLevel[]; bulk: boolean; notes: string }> = {
  administrator: { mayApprove: ['low', 'medium', 'high'], bulk: true, notes: 'May approve any risk level; high risk needs a reviewer note and, for checkout or payment changes, the rollback owner’s agreement.' },
  agency_operator: { mayApprove: ['low', 'medium'], bulk: true, notes: 'May approve low and medium risk on sites they operate; high risk goes to the client’s administrator.' },
  store_manager: { mayApprove: ['low', 'medium'], bulk: true, notes: 'May approve low and medium risk store plans (products, orders); high risk goes to an administrator.' },
  editor: { mayApprove: ['low'], bulk: true, notes: 'May approve low-risk content plans; medium and high risk go to an administrator or store manager.' },
  developer: { mayApprove: ['low', 'medium'], bulk: false, notes: 'May approve low and medium risk technical plans after trying them on staging; never bulk.' },
  support_agent: { mayApprove: [], bulk: false, notes: 'Does not approve plans: drafts are read and sent by the agent; anything else goes to the store manager.' },
  marketer: { mayApprove: [], bulk: false, notes: 'Does not approve plans: submits copy for approval by an editor or store manager.' },
  designer: { mayApprove: [], bulk: false, notes: 'Does not approve plans: visual changes are approved by a developer or administrator with the rollback note.' },
};

const ROLE_FOCUS: Record<OperatorRole, string> = {
  administrator: 'As administrator you also decide who gets which SophMate role and keep provider keys, budgets, diagnostics and custom tools out of everyday roles.',
  agency_operator: 'As agency operator you work on the client’s behalf: record what you did so the client’s team can follow it without you.',
  store_manager: 'As store manager you own product and order accuracy: anything touching prices, stock or refunds is yours to check.',
  editor: 'As editor you own the wording and accuracy of published content.',
  developer: 'As developer you try technical changes on staging and keep every change reversible.',
  support_agent: 'As support agent you own every reply you send, whoever drafted it.',
  marketer: 'As marketer you own claims and tone: every claim must be backed by supplied facts.',
  designer: 'As designer you own visual consistency and accessibility of the changes you propose.',
};

export function defaultSops(): Sop[] {
  const sops: Sop[] = [];
  for (const workflow of WORKFLOWS) {
    const base = BASE[workflow];
    for (const role of OPERATOR_ROLES) {
      if (!WORKFLOW_ROLES[workflow].includes(role)) continue;
      const a = APPROVALS[role];
      sops.push({
        workflow,
        role,
        version: 1,
        purpose: `${base.purpose} ${ROLE_FOCUS[role]}`,
        whenToUse: base.whenToUse,
        goodExamples: base.good.map((g) => ({ ...g })),
        badExamples: base.bad.map((b) => ({ ...b })),
        refusalRules: [...base.refusalRules],
        approvalBoundaries: { mayApprove: [...a.mayApprove], bulkApproveLowRisk: a.bulk, notes: a.notes },
        escalation: { responsibility: base.escalateTo, triggers: [...base.triggers] },
        whenToStop: [...base.whenToStop],
      });
    }
  }
  return sops;
}
