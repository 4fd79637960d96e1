/**
 * The default SOP texts: one per workflow and role. Rules that hold for everyone in a workflow are
 * written once; each role then gets its own examples, refusal rules, escalation path and
 * when-to-ask situations, because a support agent's drafts, a marketer's copy and an
 * administrator's high-risk approvals go wrong in different ways. Each SOP is short on purpose: an
 * operator reads it before SophMate access is granted and must be able to act on it.
 *
 * The file is long because it is data (the shipped wording of every SOP), which reads best whole.
 */
import type { Responsibility } from '../domain/responsibilities';
import { OPERATOR_ROLES, ROLE_LABEL, WORKFLOW_LABEL, WORKFLOW_ROLES, WORKFLOWS, type OperatorRole, type RiskLevel, type Sop, type Workflow } from './schema';

interface WorkflowRules {
  purpose: string;
  whenToUse: string;
  /** Refusal rules for every role in the workflow; each role adds its own. */
  refusalRules: string[];
  /** Stop conditions for every role in the workflow; a role may add its own. */
  whenToStop: string[];
}

interface RoleCell {
  /** The sentence added to the workflow's purpose: what this role owns here. */
  focus: string;
  good: { text: string; why?: string }[];
  bad: { text: string; why: string }[];
  refusalRules: string[];
  escalateTo: Responsibility;
  triggers: string[];
  whenToAsk: string[];
  whenToStop?: string[];
}

const WORKFLOW_RULES: Record<Workflow, WorkflowRules> = {
  read_only_copilot: {
    purpose: 'Ask Copilot read-only questions about the site (content, orders, settings, plugin state) to find answers faster, without changing anything.',
    whenToUse: 'When you need to find or summarise information that already exists on the site and you will check the answer before acting on it.',
    refusalRules: [
      'Never paste passwords, API keys, payment card data or full customer records into a prompt.',
      'Do not ask Copilot to make changes: this workflow is read-only.',
    ],
    whenToStop: ['Copilot offers to change something or starts doing it', 'An answer exposes personal data you should not see'],
  },
  support_drafts: {
    purpose: 'Let SophMate draft replies to customer tickets that a person reads, corrects and sends.',
    whenToUse: 'For routine tickets (order status, shipping, returns within policy) where the facts are in the order and the policy pages.',
    refusalRules: ['Never send a draft you have not read in full.', 'Do not include more personal data in the prompt than the ticket needs.'],
    whenToStop: ['A draft contains another customer’s data', 'SophMate sends or schedules a message without you'],
  },
  product_copy: {
    purpose: 'Draft and improve WooCommerce product titles, descriptions and SEO text, reviewed before anything is published.',
    whenToUse: 'When writing or refreshing product copy from facts you have (specifications, supplier sheets, brand guide).',
    refusalRules: [
      'Never publish a claim the supplied facts do not support; health, safety, environmental and legal claims need a named source.',
      'Do not copy competitors’ text or use their trademarks.',
    ],
    whenToStop: [
      'A copy plan would change or set prices, stock or product status',
      'Drafts start mixing up products or SKUs',
      'Copy appears on the live site without an approval',
    ],
  },
  theme_assistant_review: {
    purpose:
      'Use Theme Assistant to review visual consistency across pages and propose changes, each recorded with URL, selector, intended outcome, reviewer and rollback note.',
    whenToUse: 'For multi-page visual reviews and small, reversible style changes tried on staging first.',
    refusalRules: [
      'Never apply a visual change without URL, selector, intended outcome, reviewer and rollback note recorded.',
      'Try changes on staging before production.',
    ],
    whenToStop: [
      'Checkout, cart or login pages change unexpectedly',
      'An applied change turns out to have no working rollback',
      'Theme Assistant edits files outside the child theme',
    ],
  },
  workflow_approvals: {
    purpose:
      'Review AI action plans in the approval queue: read the diff preview, affected records and risk level, then approve, reject or ask for a re-proposal.',
    whenToUse: 'Whenever a plan waits for you in the approval queue and its risk level is within your approval boundary.',
    refusalRules: ['Never bulk-approve anything but low-risk plans.', 'Never approve a plan without reading its diff preview and affected records.'],
    whenToStop: [
      'A plan runs before anyone approved it',
      'An approved plan has already changed records that its affected-records list did not name',
      'A plan fails again after a retry',
    ],
  },
  incident_escalation: {
    purpose: 'Act fast and in order when AI-assisted work goes wrong: pause, preserve evidence, escalate.',
    whenToUse: 'When AI output reached customers or the site in a way nobody intended, or a workflow behaves unexpectedly.',
    refusalRules: ['Never delete audit records or evidence of an incident.', 'Never restart a paused workflow on your own authority.'],
    whenToStop: [
      'A plan executed that nobody approved',
      'AI output is reaching customers or the live site incorrectly right now',
      'Personal data appears where it should not',
    ],
  },
};

/** The SOP matrix: every cell of WORKFLOW_ROLES has an entry (checked when the SOPs are built). */
const CELLS: Record<Workflow, Partial<Record<OperatorRole, RoleCell>>> = {
  read_only_copilot: {
    administrator: {
      focus:
        'As administrator you also decide who gets which SophMate role and keep provider keys, budgets, diagnostics and custom tools out of everyday roles.',
      good: [
        {
          text: '“Which users have a SophMate role that can approve high-risk plans?”, then compare the answer with the Users screen and the permissions record.',
          why: 'Read-only, and checked against the record you own.',
        },
        {
          text: '“Summarise last week’s failed plans in the Audit Log by event type.”',
          why: 'Every line of the summary can be opened and checked in the log.',
        },
      ],
      bad: [
        {
          text: 'Pasting the provider key into Copilot “so it can check the connection”.',
          why: 'Keys never go into a prompt; Diagnostics has a provider connection test.',
        },
      ],
      refusalRules: ['Do not grant or remove roles on the strength of a Copilot answer: check the Users screen and the permissions record.'],
      escalateTo: 'diagnostics',
      triggers: [
        'Copilot cannot reach site data or returns errors after a hosting, PHP or SophMate change',
        'Copilot’s view of user roles disagrees with the Users screen',
      ],
      whenToAsk: [
        'A colleague asks you to look up another user’s activity and has not said why: ask them the reason before you query the Audit Log.',
        'You are not sure whether the client allows their customers’ data in AI tools: ask the client’s data owner before asking about customers.',
      ],
    },
    editor: {
      focus: 'As editor you own the wording and accuracy of published content.',
      good: [
        {
          text: '“Which posts published this year mention the old returns address?”, then open each post and correct it by hand.',
          why: 'Copilot finds; you check and change.',
        },
        { text: '“List pages whose title and first heading disagree.”' },
      ],
      bad: [
        {
          text: 'Pasting Copilot’s summary of the delivery terms into an FAQ answer without opening the terms page.',
          why: 'A summary is not the source; published text comes from the page it summarises.',
        },
      ],
      refusalRules: ['Do not publish a Copilot answer as content: quote or link the source page instead.'],
      escalateTo: 'support_routing',
      triggers: [
        'Copilot cites a page, post or revision you cannot find in the admin',
        'Answers about published content keep disagreeing with the editor screen after you have checked',
      ],
      whenToAsk: [
        'Copilot states a policy (returns window, delivery time) and you are not sure the page is current: ask the page owner before relying on it.',
        'You do not know who owns the facts on a page Copilot summarised: ask the content owner before reusing them.',
      ],
    },
    support_agent: {
      focus: 'As support agent you own every reply you send, whoever drafted it.',
      good: [
        {
          text: '“What is the tracking status of order 10412?”, then open the order to confirm before telling the customer.',
          why: 'The order screen, not the chat, is the source.',
        },
        { text: '“Which policy page covers returns of opened items?”', why: 'Asks for the source to quote, not for a ruling.' },
      ],
      bad: [{ text: 'Using Copilot to look up a well-known customer’s orders out of curiosity.', why: 'You look up customers only when a ticket needs it.' }],
      refusalRules: ['Do not look up customers when no ticket needs it (curiosity, a colleague’s personal request).'],
      escalateTo: 'support_routing',
      triggers: [
        'Copilot shows order data that differs from the order screen for a customer you are helping',
        'You cannot tell whether a customer’s problem belongs to the host, the provider, the plugin vendor or the team',
      ],
      whenToAsk: [
        'A customer asks about an order placed by someone else (a partner or a relative): ask your team lead before looking it up.',
        'Copilot cannot find the order a customer quotes: ask the customer to confirm the order number before searching further.',
      ],
    },
    store_manager: {
      focus: 'As store manager you own product and order accuracy: anything touching prices, stock or refunds is yours to check.',
      good: [
        {
          text: '“Which products have fewer than 5 in stock and no back-order setting?”, then check the stock screen before reordering.',
          why: 'A lead to check, not a figure to act on.',
        },
        { text: '“Summarise this month’s refunds by reason.”' },
      ],
      bad: [
        {
          text: 'Marking a bestseller sold out because Copilot said its stock is zero, without opening the stock report.',
          why: 'Copilot figures are checked against WooCommerce before any price, stock or refund decision.',
        },
      ],
      refusalRules: ['Do not act on a Copilot figure for prices, stock or refunds until the WooCommerce report agrees.'],
      escalateTo: 'support_routing',
      triggers: [
        'Copilot order, stock or refund figures still disagree with WooCommerce reports after you checked and asked',
        'Whole orders or products are missing from what Copilot can see',
      ],
      whenToAsk: [
        'A Copilot figure (orders, stock, refunds) differs from the WooCommerce screen: check the screen and ask whoever runs the store reports before acting on either.',
      ],
    },
    marketer: {
      focus: 'As marketer you own claims and tone: every claim must be backed by supplied facts.',
      good: [
        {
          text: '“Which products mention ‘recycled’, and what does each product sheet say about it?”',
          why: 'Finds claims together with the facts that back them.',
        },
        { text: '“Summarise the tone rules on our brand guide page.”' },
      ],
      bad: [
        {
          text: 'Asking Copilot for a list of customers’ email addresses for a newsletter.',
          why: 'Personal data for campaigns comes from the data owner and the consent records, never from Copilot.',
        },
      ],
      refusalRules: ['Do not use Copilot to list or export customers’ personal data for campaigns.'],
      escalateTo: 'primary',
      triggers: [
        'Copilot keeps quoting brand or tone rules that the brand guide page does not contain',
        'You are pressed again for customer data from Copilot after refusing',
      ],
      whenToAsk: [
        'Copilot finds an old campaign claim and you are not sure it is still true: ask the product owner for a current source before reusing it.',
        'A campaign needs a figure (stock level, delivery date) you only have from Copilot: ask the store manager to confirm it.',
      ],
    },
    designer: {
      focus: 'As designer you own visual consistency and accessibility of the changes you propose.',
      good: [
        { text: '“Which pages use the old button style (class btn-legacy)?”', why: 'A style inventory to plan a review, changing nothing.' },
        { text: '“List templates that set their own font sizes.”' },
      ],
      bad: [
        {
          text: 'Asking Copilot to “fix the header colour while you are there”.',
          why: 'Copilot is read-only; visual changes go through Theme Assistant with a rollback note.',
        },
      ],
      refusalRules: ['Do not ask Copilot about customers, orders or accounts: your questions are about pages, templates and styles.'],
      escalateTo: 'support_routing',
      triggers: [
        'Copilot lists pages or templates that exist on neither staging nor production',
        'Copilot cannot read the theme or template information a review needs',
      ],
      whenToAsk: [
        'Nobody has said which pages the client counts as key pages for a style inventory: ask the content owner.',
        'Copilot’s list of pages using a style differs between staging and production: ask the developer which site is current.',
      ],
    },
    developer: {
      focus: 'As developer you try technical changes on staging and keep every change reversible.',
      good: [
        {
          text: '“Which plugins are active, and at which versions?”, then compare with the inventory in Diagnostics.',
          why: 'Diagnostics stays the source for technical facts.',
        },
        { text: '“Summarise yesterday’s cron errors in the Audit Log.”' },
      ],
      bad: [
        {
          text: 'Asking Copilot to write and run a query that deletes orphaned post meta.',
          why: 'Copilot is read-only here; database changes go through a tested, reversible plan.',
        },
      ],
      refusalRules: ['Do not put Copilot answers into a support bundle as evidence: attach the Diagnostics output instead.'],
      escalateTo: 'hosting',
      triggers: [
        'The hosting owner confirms a block or outage that stops SophMate reaching the provider',
        'Copilot cannot reach the site’s data after a hosting change',
      ],
      whenToAsk: [
        'Copilot and Diagnostics disagree about hosting (outbound HTTPS, firewall, PHP): trust Diagnostics and ask the hosting owner to confirm before changing anything.',
      ],
    },
    agency_operator: {
      focus: 'As agency operator you work on the client’s behalf: record what you did so the client’s team can follow it without you.',
      good: [
        {
          text: '“Which SophMate modules are enabled here, and since when?”, then check the settings screen and update the setup record.',
          why: 'The answer ends up in the record, checked, not in your memory.',
        },
        { text: '“Summarise this client’s open support tickets by category.”' },
      ],
      bad: [
        {
          text: 'Asking Copilot on one client’s site how another client set up their workflows.',
          why: 'Each client’s data stays on its own site; never mix clients in a prompt.',
        },
      ],
      refusalRules: [
        'Never put one client’s data into a prompt on another client’s site.',
        'Never accept or keep a client’s provider key: the key owner enters it themselves.',
      ],
      escalateTo: 'primary',
      triggers: [
        'The client wants Copilot access for staff who have no SophMate role or training yet',
        'The client’s setup record contradicts what Copilot reports about modules or versions',
      ],
      whenToAsk: [
        'The client’s question depends on a decision made in a call you were not on: ask the client to confirm it in writing.',
        'You are not sure whether the client allows their customers’ data in AI tools: ask the client’s data owner before asking about customers.',
      ],
      whenToStop: ['Copilot on a client site shows data that belongs to another client'],
    },
  },

  support_drafts: {
    administrator: {
      focus: 'As administrator you set the module up: who may draft, which data drafts may read, and that drafts are logged.',
      good: [
        {
          text: 'Before enabling drafts, limit the module to support agents and store managers and check that a test draft appears in the Audit Log.',
          why: 'Access matches the job, and the record works before anyone relies on it.',
        },
        { text: 'Review a week of sent drafts for personal data in prompts and update the SOP where agents over-share.' },
      ],
      bad: [
        {
          text: 'Switching on automatic sending “for simple tickets” to save the team time.',
          why: 'Every reply is read and sent by a person; automatic sending removes that check.',
        },
      ],
      refusalRules: ['Never enable automatic sending of drafts, even for routine tickets.'],
      escalateTo: 'diagnostics',
      triggers: ['Drafts fail for everyone at once (provider, outbound HTTPS or budget)', 'The Audit Log does not show drafts that agents say they sent'],
      whenToAsk: [
        'A manager wants drafts to read more customer data (full order history, private notes): ask the client’s data owner what is allowed.',
        'You are unsure whether a new agent’s training covered refunds: ask their team lead before granting drafting access.',
      ],
    },
    support_agent: {
      focus: 'As support agent you own every reply you send, whoever drafted it.',
      good: [
        {
          text: 'Open the order, ask for a draft reply about its shipping status, correct the tone and the date, then send it yourself.',
          why: 'The facts are checked and a person owns the reply.',
        },
        { text: 'Ask for a draft, notice it promises a refund outside policy, and rewrite that sentence before sending.' },
      ],
      bad: [
        { text: 'Sending a draft unread because “it is usually right”.', why: 'Drafts are proposals; every reply is read before it is sent.' },
        {
          text: 'Pasting a customer’s full address history and phone number into the prompt to “give context”.',
          why: 'Only the minimum personal data needed belongs in a prompt.',
        },
      ],
      refusalRules: [
        'Never promise refunds, compensation or legal positions the policy does not give you.',
        'Never paste card numbers from a ticket into a prompt: remove them and follow the card-data process.',
      ],
      escalateTo: 'support_routing',
      triggers: [
        'The ticket involves a complaint, legal threat, chargeback or data request',
        'Drafts repeatedly get facts wrong for one kind of ticket',
        'A plan waits for your approval: support agents do not approve plans',
      ],
      whenToAsk: [
        'The draft cites a policy or offer you cannot find on any policy page: ask the policy owner before sending.',
        'The order shows something unusual (split shipment, manual edit): ask the store manager what happened before replying.',
      ],
    },
    store_manager: {
      focus: 'As store manager you take the tickets that touch money and stock: refunds, replacements and price disputes.',
      good: [
        {
          text: 'Decide a replacement for a damaged item in the order first, check stock, then ask for a draft that words the decision.',
          why: 'You decide; the draft only words it.',
        },
        { text: 'Approve a low-risk plan that adds tracking links to order notes after checking the affected orders.' },
      ],
      bad: [
        {
          text: 'Letting a draft offer “a full refund plus 20% off” because the customer is angry.',
          why: 'Compensation is a decision you make and record; a draft must not make it.',
        },
      ],
      refusalRules: ['Never let a draft decide a refund, replacement or compensation: decide it in the order, then draft the wording.'],
      escalateTo: 'primary',
      triggers: [
        'A refund or compensation request is above what the refund policy lets you grant',
        'A chargeback or legal threat arrives on an order you manage',
      ],
      whenToAsk: [
        'A support agent passes you a ticket without saying what the customer was already told: ask the agent before replying.',
        'The order history and the customer’s account disagree: ask the warehouse or courier for the facts before drafting.',
      ],
    },
    agency_operator: {
      focus: 'As agency operator you may answer a client’s tickets: the client’s policies apply, not yours, and the client keeps the record.',
      good: [
        {
          text: 'Ask for a draft using only the client’s published policies, send it from the client’s help desk and note it in the handover log.',
          why: 'The client can see and repeat what was done.',
        },
        { text: 'Tell the client that their returns page contradicts their terms instead of picking one in a reply.' },
      ],
      bad: [
        {
          text: 'Replying from your agency mailbox so the thread is easier for you to find.',
          why: 'The client’s help desk keeps the record; replies outside it are lost at handover.',
        },
      ],
      refusalRules: ['Never send replies from your agency mailbox: reply from the client’s help desk.'],
      escalateTo: 'primary',
      triggers: [
        'A ticket needs a decision only the client can make (goodwill refund, exception to policy)',
        'A ticket involves a legal threat or a data request about the client’s customers',
      ],
      whenToAsk: [
        'The reply depends on something you only heard from the client in a call: ask the client to confirm it in writing before sending.',
        'It is unclear which of the client’s policy pages is current: ask the client’s content owner.',
      ],
    },
  },

  product_copy: {
    administrator: {
      focus: 'As administrator you decide who drafts, who approves and how large a copy plan may be.',
      good: [
        {
          text: 'Split a 400-product rewrite into batches of 50 so each batch gets a real review.',
          why: 'Batches small enough to read are batches that get read.',
        },
        { text: 'Give marketers drafting access and editors and store managers approval access, then check the split on the Users screen.' },
      ],
      bad: [
        {
          text: 'Rewriting 400 product descriptions and approving them in one go.',
          why: 'Bulk changes to live copy are medium risk at least and are reviewed in batches.',
        },
      ],
      refusalRules: ['Do not give marketers approval rights for product copy: they draft; editors and store managers approve.'],
      escalateTo: 'rollback_restore',
      triggers: ['Published copy has to be reverted on many products at once', 'Nobody can tell which earlier version of a description to restore'],
      whenToAsk: [
        'Someone asks for a bulk rewrite without saying which products or why: ask the requester for the list and the goal.',
        'You do not know whether the client has a brand guide: ask the primary owner before enabling copy drafting.',
      ],
    },
    editor: {
      focus: 'As editor you check copy against the facts and the house style before it is published.',
      good: [
        {
          text: 'Check a marketer’s description against the specification sheet line by line and send back the two claims that are not in it.',
          why: 'Every claim traced to a source.',
        },
        { text: 'Ask for a plain-English rewrite of a long description, keeping every fact and unit unchanged.' },
      ],
      bad: [
        {
          text: 'Turning an unsupported “reduces back pain” into “may help with back pain” so it can go out.',
          why: 'Softer wording is still a health claim; without a source it is refused.',
        },
      ],
      refusalRules: ['Do not fix an unsupported claim by softening its wording: send it back for a source.'],
      escalateTo: 'primary',
      triggers: ['A product needs a regulated claim (health, safety, age limits)', 'The house style and the brand guide disagree on a product page'],
      whenToAsk: [
        'A plain product detail (care, size, fit) is missing from the sheet but is probably true: ask the marketer or supplier for the source before it is published.',
        'You are not sure whether a wording change alters what the product is (size, material): ask the store manager.',
      ],
    },
    store_manager: {
      focus: 'As store manager you own product accuracy: sizes, materials, SKUs and anything that affects what customers receive.',
      good: [
        {
          text: 'Ask for descriptions for 8 new products from the supplier sheets, check sizes, materials and SKUs, then approve the medium-risk plan after reading the diff.',
          why: 'Facts checked by the person who owns them.',
        },
        { text: 'Ask for three title options under 60 characters and pick one after checking the SKU and size.' },
      ],
      bad: [
        {
          text: 'Publishing copy that calls a jacket “waterproof” when the sheet says “water-resistant”.',
          why: 'A false product claim is false advertising, however small the word.',
        },
      ],
      refusalRules: ['Do not change prices, stock or shipping settings through copy workflows: use the store’s own screens.'],
      escalateTo: 'primary',
      triggers: ['A copy plan lists more products than the brief named', 'A supplier withdraws or changes a claim after the copy is published'],
      whenToAsk: ['Two supplier sheets for one product give different specifications: ask the supplier which is current before drafting.'],
    },
    marketer: {
      focus: 'As marketer you own claims and tone: every claim must be backed by supplied facts.',
      good: [
        {
          text: 'Give the specification sheet and brand tone, ask for a description, check every claim against the sheet, then submit it for approval.',
          why: 'Claims are grounded in supplied facts and reviewed by someone else.',
        },
        { text: 'Ask for three campaign headlines, drop the one with an unsupported superlative and submit the others.' },
      ],
      bad: [
        { text: 'Asking SophMate to rewrite a competitor’s product page “in our voice”.', why: 'Copying or paraphrasing competitors’ text is refused.' },
        { text: 'Approving your own copy plan because the button is there.', why: 'Marketers submit; an editor or store manager approves.' },
      ],
      refusalRules: ['Do not quote customer reviews or testimonials in copy without their author’s permission.'],
      escalateTo: 'primary',
      triggers: [
        'The requester overrules the brand guide after you raised the conflict',
        'A campaign calls for legal or regulated wording (health, safety, age limits)',
      ],
      whenToAsk: [
        'The brief and the brand guide disagree (for example a price claim the guide forbids): ask the brief’s owner which wins before drafting.',
        'You are not sure a claim from an old campaign is still true: ask the product owner for a current source.',
      ],
    },
    agency_operator: {
      focus: 'As agency operator you write or approve copy on the client’s behalf; the client’s facts and brand guide rule.',
      good: [
        {
          text: 'Update 10 product titles exactly as the client’s written brief says and approve the medium-risk plan after reading the diff.',
          why: 'Within your boundary and traceable to the client’s own words.',
        },
        { text: 'Send the client a list of claims their supplier sheets do not support instead of guessing.' },
      ],
      bad: [
        {
          text: 'Reusing copy you wrote for another client’s similar product.',
          why: 'Each client’s copy is their own; reuse can leak another client’s wording or facts.',
        },
      ],
      refusalRules: ['Never reuse another client’s copy or product facts.'],
      escalateTo: 'primary',
      triggers: [
        'A copy plan on a client site touches products outside the client’s brief',
        'The client’s brief contradicts their brand guide and the client cannot be reached before the deadline',
      ],
      whenToAsk: ['The client’s brief leaves out facts you need (materials, sizes): ask the client for them rather than filling the gaps.'],
    },
  },

  theme_assistant_review: {
    administrator: {
      focus: 'As administrator you decide where Theme Assistant may run and approve high-risk visual changes together with the rollback owner.',
      good: [
        {
          text: 'Enable Theme Assistant on staging only until the rollback owner has restored a test change successfully.',
          why: 'The way back is proven before anything reaches customers.',
        },
        { text: 'Approve a high-risk header change only with a reviewer note and the rollback owner’s agreement.' },
      ],
      bad: [
        {
          text: 'Accepting a change to the checkout template because the screenshot “looks fine”.',
          why: 'Checkout and payment templates are high risk; a screenshot is not a test.',
        },
      ],
      refusalRules: ['Never approve checkout, payment or login template changes without the rollback owner’s agreement.'],
      escalateTo: 'rollback_restore',
      triggers: ['A released change breaks layout, accessibility or checkout', 'The rollback owner is unavailable for a planned high-risk change'],
      whenToAsk: ['Someone wants Theme Assistant on production for a launch: ask the rollback owner whether a tested rollback exists first.'],
    },
    designer: {
      focus: 'As designer you own visual consistency and accessibility of the changes you propose.',
      good: [
        {
          text: 'Run a review on staging, propose one button-colour change with URL, selector, intended outcome and rollback note, and check contrast and the mobile layout.',
          why: 'Recorded, reversible and checked where it cannot hurt customers.',
        },
        { text: 'Ask for a consistency report across product pages without applying anything, and turn it into a short list of proposals.' },
      ],
      bad: [
        {
          text: 'Applying twenty CSS changes straight to production before the weekend.',
          why: 'Visual changes go to staging first, each with a rollback note and a reviewer.',
        },
        {
          text: 'Accepting a colour change that “looks fine” without checking text contrast.',
          why: 'Accessibility is part of your review: contrast is measured, not judged by eye.',
        },
      ],
      refusalRules: ['Do not propose a change that lowers text contrast below the guideline or hides focus outlines, however consistent it looks.'],
      escalateTo: 'rollback_restore',
      triggers: [
        'Theme Assistant proposes changing checkout, cart, payment or login pages',
        'A visual plan you wrote waits for approval: designers do not approve plans',
      ],
      whenToAsk: [
        'You cannot write the rollback note because you do not know how the change would be undone: ask the developer before proposing it.',
        'The brand guide does not say which of two existing styles is the standard: ask the brand owner.',
      ],
    },
    developer: {
      focus: 'As developer you make sure a visual change is technically safe: child theme only, staging first, a rollback that works.',
      good: [
        {
          text: 'Apply a designer’s approved change on staging, confirm the rollback note restores the old style, then schedule it for production.',
          why: 'The rollback is tested, not assumed.',
        },
        { text: 'Check that Theme Assistant writes only to the child theme before enabling it on a site.' },
      ],
      bad: [
        {
          text: 'Approving a template change because the designer’s screenshot looks right.',
          why: 'A screenshot is not a test: run it on staging and try the rollback.',
        },
      ],
      refusalRules: ['Never approve a technical change on the strength of a screenshot: run it on staging and try its rollback.'],
      escalateTo: 'rollback_restore',
      triggers: ['Staging and production differ so the review is not valid', 'A change needs edits to template or plugin files rather than styles'],
      whenToAsk: [
        'A proposal’s intended outcome is unclear (which pages, which screen sizes): ask the designer before applying it.',
        'You do not know whether the backups cover the theme files: ask the backups owner.',
      ],
      whenToStop: ['A change would rewrite template files and no restorable backup is in place'],
    },
    agency_operator: {
      focus: 'As agency operator you run reviews on client sites: the client approves anything high risk and keeps the record.',
      good: [
        {
          text: 'Run a consistency review on the client’s staging site and send the report to the client before changing anything.',
          why: 'The client decides with the evidence in hand.',
        },
        { text: 'Record each accepted change with URL, selector, intended outcome, reviewer and rollback note in the client’s handover log.' },
      ],
      bad: [
        {
          text: 'Applying the same CSS fix to ten client sites in one go because they share a theme.',
          why: 'Each site has its own staging, reviewer and rollback; batches across clients hide failures.',
        },
      ],
      refusalRules: ['Never apply one change across several client sites in one batch: each site gets its own review and rollback note.'],
      escalateTo: 'primary',
      triggers: ['A client asks for a change to checkout, cart or login pages', 'A client site has no staging copy to review on'],
      whenToAsk: ['The client has not said who reviews visual changes on their side: ask the client to name a reviewer.'],
    },
  },

  workflow_approvals: {
    administrator: {
      focus: 'As administrator you are the last approver for high risk and you decide who may approve what.',
      good: [
        {
          text: 'Open a medium-risk plan, read the diff and the affected records, add a reviewer note and approve it.',
          why: 'Medium and high risk always get an explicit human review.',
        },
        { text: 'Approve a high-risk role change only after the permissions owner confirms the request in writing, with a reviewer note on what you checked.' },
      ],
      bad: [
        { text: 'Approving a high-risk plan because the requester is senior.', why: 'Approval depends on the diff and your boundary, not on who asked.' },
        { text: 'Bulk-approving a queue that mixes low and high risk plans.', why: 'Bulk approval is for low risk only.' },
      ],
      refusalRules: ['Never approve a high-risk plan you requested yourself: another administrator reviews it.'],
      escalateTo: 'rollback_restore',
      triggers: ['A high-risk checkout or payment plan has not been agreed by the rollback owner', 'A high-risk plan arrives with no restore point'],
      whenToAsk: [
        'A plan’s diff and its affected-records list disagree (records missing or extra): ask the requester to explain or re-propose before deciding.',
        'A manager asks for a new approver on a client site and you do not know their boundary: ask the primary owner which risk levels they should approve.',
      ],
    },
    editor: {
      focus: 'As editor you approve low-risk content plans (posts, pages, spelling, metadata) and pass everything else on.',
      good: [
        {
          text: 'Approve a low-risk plan that fixes spelling in three blog posts after checking the diff shows only those words.',
          why: 'Low risk, diff read, within your boundary.',
        },
        { text: 'Bulk-approve twenty low-risk alt-text plans after checking each is low risk and touches only the image it names.' },
      ],
      bad: [
        {
          text: 'Approving a medium-risk rewrite of the legal notice because it is “just text”.',
          why: 'Medium risk is above your boundary; an administrator or store manager approves it.',
        },
      ],
      refusalRules: ['Do not edit a plan in the queue to make it approvable: reject it with a note asking for a re-proposal.'],
      escalateTo: 'primary',
      triggers: ['A content plan is medium or high risk', 'A low-risk plan touches legal, privacy or policy pages'],
      whenToAsk: ['A low-risk plan changes more than its title says: ask the requester what it is meant to do before approving.'],
    },
    store_manager: {
      focus: 'As store manager you approve low and medium risk store plans (products, orders) and pass high risk to an administrator.',
      good: [
        {
          text: 'Approve a medium-risk plan that updates 8 product short descriptions after matching the diff to the brief.',
          why: 'Within your boundary and checked against the request.',
        },
        { text: 'Reject a plan whose affected records include products outside the requested category, with a note asking for a re-proposal.' },
      ],
      bad: [
        {
          text: 'Approving a sale price change on 250 products because it is “only for a weekend”.',
          why: 'Price changes at that scale are high risk; an administrator approves them.',
        },
      ],
      refusalRules: ['Never approve a plan that touches products or orders outside the request, however harmless the extra changes look.'],
      escalateTo: 'primary',
      triggers: ['A plan changes prices on many products at once', 'A plan would refund or cancel orders'],
      whenToAsk: ['A promotion plan’s dates differ from the promotion brief and you do not know which is right: ask the requester.'],
    },
    developer: {
      focus: 'As developer you approve low and medium risk technical plans one at a time, after trying them on staging.',
      good: [
        {
          text: 'Approve a medium-risk plan that adjusts a cron schedule after trying it on staging and checking the diff.',
          why: 'Within your boundary and tried where it cannot hurt.',
        },
        { text: 'Approve low-risk technical plans one at a time, each after its staging run.' },
      ],
      bad: [
        { text: 'Bulk-approving fifteen low-risk technical plans at once.', why: 'Each technical plan is tried on staging, so developers never bulk-approve.' },
      ],
      refusalRules: ['Never bulk-approve, even low-risk technical plans.', 'Never approve a technical plan that was not tried on staging.'],
      escalateTo: 'permissions',
      triggers: [
        'A plan changes user roles, custom tools, provider keys or budgets',
        'An approved plan gives different results on production than it gave on staging',
      ],
      whenToAsk: [
        'A plan passed on staging but you do not know whether production runs the same PHP and plugin versions: ask the diagnostics owner for a current inventory.',
      ],
    },
    agency_operator: {
      focus: 'As agency operator you approve low and medium risk on client sites; high risk goes to the client’s administrator.',
      good: [
        {
          text: 'Approve a medium-risk plan that updates 10 product titles exactly as the client’s brief says, with a reviewer note the client can read.',
          why: 'Within your boundary and recorded for the client.',
        },
        { text: 'Pass a high-risk plan to the client’s administrator with your findings instead of approving it.' },
      ],
      bad: [
        {
          text: 'Approving a high-risk plan on a client site because the client said “go ahead” on the phone.',
          why: 'High risk is approved by the client’s administrator in the queue, where it is recorded.',
        },
      ],
      refusalRules: ['Never approve a plan on a client site without a reviewer note the client’s team can follow.'],
      escalateTo: 'primary',
      triggers: ['A client-site plan is marked high risk', 'A plan deletes records (products, posts, users) the client did not list'],
      whenToAsk: ['A plan matches the client’s brief but the brief is older than your last call with the client: ask the client whether it still stands.'],
    },
  },

  incident_escalation: {
    administrator: {
      focus: 'As administrator you can pause any workflow, agent, tool or publishing path, and you decide with the prevention owner when it restarts.',
      good: [
        {
          text: 'Pause the publishing path, export the relevant Audit Log entries and call the incident owner with the time, user, screen, prompt and approval state.',
          why: 'Pause first, preserve evidence, escalate.',
        },
        { text: 'Keep a workflow paused until the prevention owner is named and a regression check has passed, even under pressure.' },
      ],
      bad: [
        { text: 'Restarting the workflow right after fixing the symptom.', why: 'Restart only after the prevention owner and a regression check are done.' },
      ],
      refusalRules: ['Do not restart a paused workflow until the prevention owner is named and a regression check has passed.'],
      escalateTo: 'incident_escalation',
      triggers: ['A suspicious plan waits in the queue but has not executed', 'A provider key may have been exposed'],
      whenToAsk: [
        'A wrong answer or draft reached nobody outside the team and you are not sure it counts as an incident: ask the incident owner how to log it.',
      ],
      whenToStop: ['An agent or custom tool acts on the site outside its schedule'],
    },
    editor: {
      focus: 'As editor you are often first to see wrong AI-written content on the site.',
      good: [
        {
          text: 'Unpublish the affected post, note the time and URL, and report it to the incident owner with a copy of the text.',
          why: 'The harm stops and the evidence is kept.',
        },
        { text: 'Report a suspicious plan in the queue without touching it, with a screenshot of the approval state.' },
      ],
      bad: [
        {
          text: 'Quietly correcting AI-written text that went live and telling nobody.',
          why: 'Without a record the cause is never fixed and no prevention owner is named.',
        },
      ],
      refusalRules: ['Do not edit live AI-written content to hide a mistake before the incident owner has a copy of it.'],
      escalateTo: 'incident_escalation',
      triggers: [
        'A reader reports a factual error in AI-assisted content that has already been corrected',
        'You find unpublished AI-written content with no approval record',
      ],
      whenToAsk: [
        'You cannot tell whether a wrong sentence on the site was written by SophMate or by a person: ask the incident owner whether to treat it as an incident.',
      ],
      whenToStop: ['AI-written copy is live without having gone through approval'],
    },
    support_agent: {
      focus: 'As support agent you hear from customers first when a reply went wrong.',
      good: [
        {
          text: 'Stop using drafts, keep the sent reply and the ticket, and tell the incident owner which customer received what.',
          why: 'Pause, preserve, escalate.',
        },
        { text: 'Log each customer complaint about the same wrong reply on the incident, not only in the ticket.' },
      ],
      bad: [
        {
          text: 'Emailing the affected customer an apology that quotes the leaked details.',
          why: 'Quoting leaked data spreads it further; the incident owner decides what customers are told.',
        },
      ],
      refusalRules: ['Do not tell customers about an incident beyond what the incident owner has agreed.'],
      escalateTo: 'incident_escalation',
      triggers: [
        'Customers report wrong information in replies sent earlier, and the cause is already fixed',
        'A customer says an AI-drafted reply was offensive or discriminatory',
      ],
      whenToAsk: [
        'A customer complains about a reply and you cannot tell whether SophMate drafted it: ask the incident owner whether to treat it as an incident.',
      ],
      whenToStop: ['A reply went to the wrong customer'],
    },
    store_manager: {
      focus: 'As store manager you protect orders, prices and stock while an incident is handled.',
      good: [
        {
          text: 'Pause the store workflow, export the affected orders and prices before anyone corrects them, then call the incident owner.',
          why: 'The evidence of what customers saw survives the fix.',
        },
        { text: 'Keep a list of customers who bought at a wrong price for the incident owner to decide on.' },
      ],
      bad: [{ text: 'Correcting wrong prices by hand before anyone has saved what customers saw.', why: 'The fix destroys the evidence of the incident.' }],
      refusalRules: ['Do not correct wrong prices or stock by hand before the evidence is preserved.'],
      escalateTo: 'incident_escalation',
      triggers: [
        'A supplier or customer reports a false claim in published product copy',
        'An approved refund plan finished but the refunds never reached customers',
      ],
      whenToAsk: ['Orders were placed at a wrong price and customers ask whether they stand: ask the primary owner before promising anything.'],
      whenToStop: ['Prices, stock or order statuses change without an approved plan'],
    },
    marketer: {
      focus: 'As marketer you own what the public hears about a claim, so corrections wait for the incident owner.',
      good: [
        {
          text: 'Pause the campaign that carries the wrong claim, save the live copy and send it to the incident owner.',
          why: 'Pause first, keep the evidence.',
        },
        { text: 'Draft a correction for the incident owner to approve instead of posting it yourself.' },
      ],
      bad: [
        {
          text: 'Posting a correction on social media before the incident owner has agreed what to say.',
          why: 'Public statements about an incident are agreed first; a quick post can make it worse.',
        },
      ],
      refusalRules: ['Do not post public corrections about an incident without the incident owner’s agreement.'],
      escalateTo: 'incident_escalation',
      triggers: ['A journalist or customer asks about an AI-written claim in a past campaign', 'A claim in a finished campaign turns out to be false'],
      whenToAsk: ['You are not sure whether a campaign claim you doubt counts as an incident: ask the incident owner before changing or defending it.'],
      whenToStop: ['Campaign copy appears on product pages without an approval record'],
    },
    designer: {
      focus: 'As designer you spot visual breakage first; the rollback owner undoes changes.',
      good: [
        {
          text: 'Take screenshots of the broken pages with the time and URL, and send them to the incident owner and the rollback owner.',
          why: 'Evidence first; the rollback owner acts.',
        },
        { text: 'Point the incident owner to the Theme Assistant record of the last change (URL, selector, rollback note).' },
      ],
      bad: [
        {
          text: 'Undoing your own visual change on production during an incident to save time.',
          why: 'The rollback owner undoes changes so the restore is recorded and complete.',
        },
      ],
      refusalRules: ['Do not undo or re-apply a visual change yourself during an incident: the rollback owner does it.'],
      escalateTo: 'incident_escalation',
      triggers: [
        'A customer using a screen reader or keyboard reports a recently restyled page no longer works for them',
        'You find a visual change on production with no rollback note',
      ],
      whenToAsk: ['Someone reports a visual problem that matches no recorded change: ask the incident owner whether to treat it as an incident.'],
      whenToStop: ['Pages across the site lose their layout or styles after a change'],
    },
    developer: {
      focus: 'As developer you pause automation and keep technical evidence; fixes come through a reviewed plan.',
      good: [
        { text: 'Pause the watcher, save the logs and the Diagnostics report, and hand them to the incident owner.', why: 'Pause first, preserve evidence.' },
        { text: 'Write the regression check the prevention owner asked for before anyone restarts the workflow.' },
      ],
      bad: [
        {
          text: 'Turning on debug logging that writes every prompt to a file on the server.',
          why: 'Prompts can hold personal data; a log file spreads it where nobody reviews it.',
        },
      ],
      refusalRules: ['Do not turn on logging that writes prompts or personal data to files during an incident.'],
      escalateTo: 'incident_escalation',
      triggers: [
        'Diagnostics shows REST, cron or outbound HTTPS failures that began with an incident',
        'The same fault appears on staging after the incident was paused on production',
      ],
      whenToAsk: ['You are unsure whether to keep a failing cron job paused or let it finish its batch: ask the incident owner before either.'],
      whenToStop: ['An agent, watcher or custom tool runs outside its schedule or scope'],
    },
    agency_operator: {
      focus: 'As agency operator you may run incidents across client sites: each client is told and keeps its own record.',
      good: [
        {
          text: 'Pause the workflow on the client site, save the evidence and tell the client’s administrator the same day.',
          why: 'The client owns the site and the record.',
        },
        { text: 'Check the other client sites that use the same workflow template and note what you found on each.' },
      ],
      bad: [
        {
          text: 'Closing an incident on a client site without the client’s administrator seeing the record.',
          why: 'The client must be able to follow what happened without you.',
        },
      ],
      refusalRules: ['Never close an incident on a client site without the client’s administrator seeing the record.'],
      escalateTo: 'incident_escalation',
      triggers: ['A fault paused on one client site may also affect other client sites', 'A client cannot be reached during an incident on their site'],
      whenToAsk: [
        'You do not know whether the client wants their own incident contact involved: ask the client’s administrator before contacting anyone else.',
      ],
      whenToStop: ['Provider spend jumps far above normal on a client site'],
    },
  },
};

const APPROVALS: Record<OperatorRole, { mayApprove: RiskLevel[]; bulk: boolean; notes: string }> = {
  administrator: {
    mayApprove: ['low', 'medium', 'high'],
    bulk: true,
    notes: 'May approve any risk level; high risk needs a reviewer note and, for checkout or payment changes, the rollback owner’s agreement.',
  },
  agency_operator: {
    mayApprove: ['low', 'medium'],
    bulk: true,
    notes: 'May approve low and medium risk on sites they operate; high risk goes to the client’s administrator.',
  },
  store_manager: {
    mayApprove: ['low', 'medium'],
    bulk: true,
    notes: 'May approve low and medium risk store plans (products, orders); high risk goes to an administrator.',
  },
  editor: { mayApprove: ['low'], bulk: true, notes: 'May approve low-risk content plans; medium and high risk go to an administrator or store manager.' },
  developer: { mayApprove: ['low', 'medium'], bulk: false, notes: 'May approve low and medium risk technical plans after trying them on staging; never bulk.' },
  support_agent: {
    mayApprove: [],
    bulk: false,
    notes: 'Does not approve plans: drafts are read and sent by the agent; anything else goes to the store manager.',
  },
  marketer: { mayApprove: [], bulk: false, notes: 'Does not approve plans: submits copy for approval by an editor or store manager.' },
  designer: {
    mayApprove: [],
    bulk: false,
    notes: 'Does not approve plans: visual changes are approved by a developer or administrator with the rollback note.',
  },
};

export function defaultSops(): Sop[] {
  const sops: Sop[] = [];
  for (const workflow of WORKFLOWS) {
    const rules = WORKFLOW_RULES[workflow];
    for (const role of OPERATOR_ROLES) {
      if (!WORKFLOW_ROLES[workflow].includes(role)) continue;
      const cell = CELLS[workflow][role];
      if (!cell) throw new Error(`The default playbook has no ${WORKFLOW_LABEL[workflow]} SOP for ${ROLE_LABEL[role]}.`);
      const a = APPROVALS[role];
      sops.push({
        workflow,
        role,
        version: 1,
        purpose: `${rules.purpose} ${cell.focus}`,
        whenToUse: rules.whenToUse,
        goodExamples: cell.good.map((g) => ({ ...g })),
        badExamples: cell.bad.map((b) => ({ ...b })),
        refusalRules: [...rules.refusalRules, ...cell.refusalRules],
        approvalBoundaries: { mayApprove: [...a.mayApprove], bulkApproveLowRisk: a.bulk, notes: a.notes },
        whenToAsk: [...cell.whenToAsk],
        escalation: { responsibility: cell.escalateTo, triggers: [...cell.triggers] },
        whenToStop: [...rules.whenToStop, ...(cell.whenToStop ?? [])],
      });
    }
  }
  return sops;
}
