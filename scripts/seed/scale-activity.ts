/**
 * The scale profile's first-week activity: what SophMate recorded on each piloted site in the week
 * after its pilot began (prompts, action plans with their risk and approval, drafts, escalations), as
 * the export a site's audit log gives, one JSON object per line. The file waits next to the workspace:
 * a site's First week tab imports its rows (the siteUrl field tells the sites apart). It is streamed to disk
 * in chunks, never held in memory whole.
 */
import fs from 'node:fs';
import { DAY_MS } from './env';
import type { randomSource } from './portfolio-data';
import type { ScaleSite } from './scale-env';

/** One line of the export. */
export interface ActivityRow {
  time: string;
  actorEmail: string;
  actorName: string;
  role: string;
  eventType: string;
  planId: string | null;
  risk: 'low' | 'medium' | 'high' | null;
  status: string;
  prompt: string;
  affectedRecords: string;
  reviewerNote: string;
  siteUrl: string;
}

export const ACTIVITY_FIELDS = [
  'time',
  'actorEmail',
  'actorName',
  'role',
  'eventType',
  'planId',
  'risk',
  'status',
  'prompt',
  'affectedRecords',
  'reviewerNote',
  'siteUrl',
] as const satisfies readonly (keyof ActivityRow)[];

/** Event type, its plan's risk (null: no plan), the statuses it ends in, and prompts people typed. */
const EVENTS: readonly (readonly [string, 'low' | 'medium' | 'high' | null, readonly string[], readonly string[]])[] = [
  [
    'copilot_question',
    null,
    ['answered', 'answered', 'refused'],
    ['Which plugins were updated this week?', 'Summarise last month’s refund requests', 'Where is the shipping policy page edited?'],
  ],
  [
    'support_draft',
    'low',
    ['drafted', 'sent', 'discarded'],
    ['Draft a reply to the customer asking about a late parcel', 'Answer the question about size exchanges', 'Reply to the complaint about a damaged item'],
  ],
  [
    'product_copy_plan',
    'medium',
    ['approved', 'rejected', 'pending', 'executed'],
    ['Rewrite the descriptions of the autumn collection', 'Shorten the product titles in the Sale category', 'Add care instructions to every linen product'],
  ],
  ['theme_review', 'low', ['reported'], ['Check the new landing page against the style guide', 'Review button colours on the checkout pages']],
  [
    'workflow_approval',
    'high',
    ['approved', 'rejected', 'pending'],
    ['Approve the bulk price update plan', 'Approve the plan that retires discontinued products', 'Approve the menu restructure'],
  ],
  [
    'escalation',
    null,
    ['escalated', 'resolved'],
    ['Plan touched fields it did not list', 'Draft quoted another customer’s order', 'Approval asked for beyond my role'],
  ],
];

const RECORDS = ['Product #', 'Order #', 'Page #', 'Post #', 'Ticket #'];
const NOTES = ['', '', '', 'Checked the diff before approving', 'Rejected: changed prices it did not list', 'Asked the store manager first'];

/**
 * Writes `rows` lines spread over the piloted sites that have operators (in proportion, with the
 * remainder on the first sites), each in the week after the site's pilot began. Answers the lines written.
 */
export function writeActivityFile(file: string, sites: readonly ScaleSite[], rows: number, random: ReturnType<typeof randomSource>): number {
  const { rand, pick } = random;
  const active = sites.filter((s) => s.pilotAt && s.team.length > 0);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    if (active.length === 0) return 0;
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) fs.writeSync(fd, chunk.join(''));
      chunk = [];
    };
    const per = Math.floor(rows / active.length);
    const extra = rows - per * active.length;
    active.forEach((site, k) => {
      const count = per + (k < extra ? 1 : 0);
      const start = Date.parse(site.pilotAt!);
      for (let n = 0; n < count; n++) {
        const member = pick(site.team);
        const [eventType, risk, statuses, prompts] = pick(EVENTS);
        const row: ActivityRow = {
          time: new Date(start + Math.floor(rand() * 7 * DAY_MS)).toISOString(),
          actorEmail: member.person.email,
          actorName: member.person.name,
          role: member.role,
          eventType,
          planId: risk ? `plan-${site.id.slice(-8).toLowerCase()}-${n}` : null,
          risk,
          status: pick(statuses),
          prompt: pick(prompts),
          affectedRecords: risk ? `${pick(RECORDS)}${1000 + Math.floor(rand() * 9000)}` : '',
          reviewerNote: risk ? pick(NOTES) : '',
          siteUrl: site.productionUrl,
        };
        chunk.push(`${JSON.stringify(row)}\n`);
        written++;
        if (chunk.length >= 5000) flush();
      }
    });
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return written;
}
