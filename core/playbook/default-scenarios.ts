/**
 * Scenario checks: realistic situations an operator must answer with ask, approve, reject, escalate
 * or stop before SophMate access is granted. Each is drawn from that role's SOPs.
 */
import type { Scenario } from './schema';

type S = Omit<Scenario, 'id'>;
const s = (role: Scenario['role'], workflow: Scenario['workflow'], answer: Scenario['answer'], situation: string, explanation: string): S => ({
  role,
  workflow,
  answer,
  situation,
  explanation,
});

const LIST: Record<string, S> = {
  // Administrator
  'admin-high-risk-checkout': s('administrator', 'workflow_approvals', 'escalate', 'A high-risk plan changes the checkout template. The rollback owner has not seen it.', 'High-risk checkout changes need the rollback owner’s agreement before approval.'),
  'admin-medium-diff-clear': s('administrator', 'workflow_approvals', 'approve', 'A medium-risk plan updates 12 product meta descriptions; the diff and affected records match the request.', 'Within your boundary, diff read, records match: approve with a reviewer note.'),
  'admin-key-in-prompt': s('administrator', 'read_only_copilot', 'reject', 'A colleague asks you to paste the provider API key into Copilot “so it can check the connection”.', 'Keys never go into prompts; use Diagnostics’ provider connection test.'),
  'admin-unapproved-execution': s('administrator', 'incident_escalation', 'stop', 'The audit log shows a plan executed that nobody approved.', 'Pause the workflow first, preserve evidence, then escalate.'),
  'admin-unclear-request': s('administrator', 'workflow_approvals', 'ask', 'A plan’s affected records list is empty but the diff touches product prices.', 'The plan is inconsistent: ask for a re-proposal before deciding.'),
  'admin-bulk-mixed': s('administrator', 'workflow_approvals', 'reject', 'The queue offers “approve all 30”; three of them are high risk.', 'Bulk approval is for low risk only.'),
  // Editor
  'editor-refund-answer': s('editor', 'read_only_copilot', 'ask', 'Copilot says the returns window is 30 days; you are not sure the page is current.', 'Check the source page or ask the owner before relying on the answer.'),
  'editor-medium-plan': s('editor', 'workflow_approvals', 'escalate', 'A medium-risk plan rewrites the About page and the legal notice.', 'Above your low-risk boundary: pass it to an administrator.'),
  'editor-low-typo-plan': s('editor', 'workflow_approvals', 'approve', 'A low-risk plan fixes spelling in three blog posts; the diff shows only those words.', 'Low risk, diff read, within your boundary.'),
  'editor-false-claim': s('editor', 'product_copy', 'reject', 'A product draft says “clinically proven” but the supplier sheet says nothing of the kind.', 'Unsupported regulated claims are refused.'),
  'editor-publish-without-approval': s('editor', 'incident_escalation', 'stop', 'You see AI-written copy live on the site that never went through approval.', 'Stop and escalate: something bypassed approvals.'),
  // Support agent
  'support-card-number': s('support_agent', 'support_drafts', 'reject', 'A customer emails their full card number; a colleague suggests pasting the thread into the draft prompt.', 'Payment data never goes into a prompt: remove it and follow the PCI process.'),
  'support-routine-draft': s('support_agent', 'support_drafts', 'approve', 'The draft for a shipping-status ticket matches the order tracking; you have read it fully.', 'You may send a draft you have read and checked (your own review, not a plan approval).'),
  'support-chargeback': s('support_agent', 'support_drafts', 'escalate', 'The ticket mentions a chargeback and a lawyer.', 'Complaints with legal or chargeback elements go to the support routing owner.'),
  'support-policy-unknown': s('support_agent', 'support_drafts', 'ask', 'The draft cites a “45-day price match” you cannot find on any policy page.', 'Ask the owner before sending anything that cites a policy you cannot find.'),
  'support-other-customer': s('support_agent', 'support_drafts', 'stop', 'A draft contains another customer’s name and address.', 'Stop and report: personal data leaked into a draft.'),
  'support-plan-approval': s('support_agent', 'support_drafts', 'escalate', 'You are asked to approve a low-risk plan that edits order notes.', 'Support agents do not approve plans; pass it to the store manager.'),
  // Store manager
  'store-bulk-price': s('store_manager', 'workflow_approvals', 'escalate', 'A high-risk plan changes prices on 250 products for a sale.', 'High risk is above your boundary: an administrator approves it.'),
  'store-medium-stock-notes': s('store_manager', 'workflow_approvals', 'approve', 'A medium-risk plan updates product short descriptions for 8 items; the diff matches the brief.', 'Within your boundary and checked.'),
  'store-waterproof': s('store_manager', 'product_copy', 'reject', 'Copy calls a jacket “waterproof”; the sheet says “water-resistant”.', 'A false product claim is refused.'),
  'store-stock-via-copy': s('store_manager', 'product_copy', 'stop', 'A product-copy plan also sets three products to “out of stock”.', 'Copy workflows must not change stock: stop the plan and report it.'),
  'store-copilot-orders': s('store_manager', 'read_only_copilot', 'ask', 'Copilot reports 40 unpaid orders; the orders screen shows 12.', 'The answer contradicts the admin: check and ask before acting.'),
  // Marketer
  'marketer-competitor': s('marketer', 'product_copy', 'reject', 'You are asked to rewrite a competitor’s product page “in our voice”.', 'Copying competitors’ text is refused.'),
  'marketer-approve-own': s('marketer', 'product_copy', 'escalate', 'Your own product-copy plan is in the queue and you have the button to approve it.', 'Marketers submit; an editor or store manager approves.'),
  'marketer-brand-conflict': s('marketer', 'product_copy', 'ask', 'The brief asks for “cheapest in town”; the brand guide forbids price claims.', 'Ask the owner to resolve the conflict before drafting.'),
  'marketer-live-change': s('marketer', 'incident_escalation', 'stop', 'Campaign copy appeared on 60 product pages overnight without an approval record.', 'Stop and escalate: publishing bypassed approvals.'),
  'marketer-personal-data': s('marketer', 'read_only_copilot', 'reject', 'A colleague wants Copilot to list customers’ emails for a newsletter export.', 'Personal data exports do not go through Copilot.'),
  // Designer
  'designer-production-friday': s('designer', 'theme_assistant_review', 'reject', 'You are asked to apply twenty CSS changes straight to production before the weekend.', 'Changes go to staging first, each with a rollback note.'),
  'designer-checkout': s('designer', 'theme_assistant_review', 'escalate', 'Theme Assistant proposes restyling the checkout button.', 'Checkout changes need the rollback owner.'),
  'designer-rollback-note': s('designer', 'theme_assistant_review', 'ask', 'A proposed change has no clear way back and you cannot write the rollback note.', 'Ask before proceeding: an irreversible change needs a decision.'),
  'designer-outside-child': s('designer', 'theme_assistant_review', 'stop', 'Theme Assistant starts editing the parent theme’s files.', 'Stop: edits outside the child theme cannot be rolled back cleanly.'),
  'designer-approve-plan': s('designer', 'theme_assistant_review', 'escalate', 'A low-risk visual plan waits for approval and you are its author.', 'Designers do not approve plans; a developer or administrator does.'),
  // Developer
  'dev-staging-medium': s('developer', 'workflow_approvals', 'approve', 'A medium-risk plan adjusts a cron schedule; you tried it on staging and the diff matches.', 'Within your boundary and tried on staging.'),
  'dev-bulk': s('developer', 'workflow_approvals', 'reject', 'You are asked to bulk-approve 15 low-risk technical plans at once.', 'Developers never bulk-approve.'),
  'dev-high-risk': s('developer', 'workflow_approvals', 'escalate', 'A high-risk plan changes user roles.', 'Above your boundary: an administrator approves it.'),
  'dev-irreversible': s('developer', 'theme_assistant_review', 'stop', 'A change would rewrite template files with no backup in place.', 'Stop: no rollback, no change.'),
  'dev-diagnostics-unclear': s('developer', 'read_only_copilot', 'ask', 'Copilot says outbound HTTPS is fine but Diagnostics shows a firewall block.', 'Conflicting signals: ask the hosting owner and trust Diagnostics over a chat answer.'),
  // Agency operator
  'agency-high-risk': s('agency_operator', 'workflow_approvals', 'escalate', 'A high-risk plan on a client site deletes draft products.', 'High risk goes to the client’s administrator.'),
  'agency-medium-ok': s('agency_operator', 'workflow_approvals', 'approve', 'A medium-risk plan updates 10 product titles exactly as the client’s brief says.', 'Within your boundary and checked against the brief.'),
  'agency-private-notes': s('agency_operator', 'support_drafts', 'ask', 'The reply depends on a deal you only know from a call with the client.', 'Ask the client to confirm in writing; the runbook must not rely on private notes.'),
  'agency-budget-spike': s('agency_operator', 'incident_escalation', 'stop', 'Provider spend jumps tenfold overnight on one client site.', 'Pause the affected workflows and escalate: budgets are a high-risk area.'),
  'agency-key-share': s('agency_operator', 'read_only_copilot', 'reject', 'The client emails you their provider API key “to set things up”.', 'Keys are never shared by email or stored in notes; the key owner enters it.'),
};

export function defaultScenarios(): Scenario[] {
  return Object.entries(LIST).map(([id, sc]) => ({ id, ...sc }));
}
