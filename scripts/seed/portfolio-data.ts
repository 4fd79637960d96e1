/**
 * What the demo portfolio is made of: a small deterministic random source (the same seed gives the
 * same portfolio), and the names, hosts, versions (weighted by how common they are), role mappings and
 * rollout stages the seed draws from.
 */
import { REVIEW_AREAS, type ReviewArea } from '@core/activity/vocabulary';
import type { RolloutStage } from '@core/domain/stages';
import type { OperatorRole } from '@core/playbook/schema';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CLIENT_A = [
  'Northwind',
  'Bluebell',
  'Harbour',
  'Copperleaf',
  'Fernhill',
  'Lakeside',
  'Marigold',
  'Oakridge',
  'Pinecrest',
  'Riverstone',
  'Saltmarsh',
  'Thistle',
  'Juniper',
  'Kestrel',
  'Larkspur',
  'Meadowlark',
  'Brightwater',
  'Silverline',
  'Greenway',
  'Redwood',
  'Stonebridge',
  'Westfield',
  'Ashgrove',
  'Birchwood',
  'Cedar',
  'Elmstead',
  'Foxglove',
  'Hawthorn',
  'Ivybridge',
  'Wildrose',
];
export const CLIENT_B = [
  'Outfitters',
  'Coffee Roasters',
  'Dental Group',
  'Bakery',
  'Books',
  'Cycles',
  'Home Goods',
  'Apparel',
  'Garden Centre',
  'Pet Supplies',
  'Wine Merchants',
  'Ceramics',
  'Fitness',
  'Opticians',
  'Architects',
  'Law Partners',
  'Travel',
  'Toys',
  'Florists',
  'Tea Company',
];
export const SITE_KIND = [
  ['Shop', 'shop'],
  ['Store', 'store'],
  ['Blog', 'blog'],
  ['Help Centre', 'help'],
  ['Main site', 'www'],
  ['Wholesale', 'wholesale'],
  ['Journal', 'journal'],
  ['Careers', 'careers'],
  ['Outlet', 'outlet'],
  ['Members', 'members'],
  ['Events', 'events'],
  ['EU Store', 'eu'],
  ['US Store', 'us'],
  ['UK Store', 'uk'],
  ['Academy', 'academy'],
  ['Docs', 'docs'],
] as const;
export const TLDS = ['com', 'co.uk', 'de', 'nl', 'com.au', 'ca', 'ie', 'fr', 'io', 'shop'];
export const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kofi',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zoe',
  'Aidan',
  'Bea',
  'Carlos',
  'Dana',
  'Emeka',
];
export const LAST = [
  'Adams',
  'Brennan',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hughes',
  'Ibrahim',
  'Jensen',
  'Kowalski',
  'Li',
  'Moreau',
  'Novak',
  "O'Neill",
  'Patel',
  'Quint',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Walsh',
  'Xu',
  'Yilmaz',
  'Zhang',
];
export const THEMES = ['Storefront', 'Astra', 'Kadence', 'GeneratePress', 'Blocksy', 'OceanWP', 'Twenty Twenty-Four', 'Flatsome', 'Divi', 'Custom child theme'];
export const HOSTS = ['Kinsta', 'WP Engine', 'SiteGround', 'Cloudways', 'Pressable', 'Rocket.net', 'Self-hosted VPS', 'Flywheel', 'Pantheon', 'WordPress VIP'];
export const PROVIDERS = ['OpenAI', 'Anthropic', 'Azure OpenAI', 'Google Gemini', 'Mistral'];
export const SOPHMATE = [
  ['2.4.1', 30],
  ['2.4.0', 18],
  ['2.3.7', 14],
  ['2.3.5', 8],
  ['2.2.9', 5],
  ['2.5.0-beta.1', 2],
] as const;
export const WORDPRESS = [
  ['6.6.2', 35],
  ['6.6.1', 15],
  ['6.5.5', 20],
  ['6.4.5', 10],
  ['6.3.2', 4],
] as const;
export const PHP = [
  ['8.2', 40],
  ['8.3', 20],
  ['8.1', 25],
  ['8.0', 8],
  ['7.4', 4],
] as const;
export const WOO = [
  ['9.3.3', 30],
  ['9.2.3', 20],
  ['8.9.3', 10],
] as const;
/** How the seeded sites map operator roles to WordPress/SophMate roles, and what each may approve there. */
export const SITE_ROLES: readonly (readonly [OperatorRole, string, 'none' | 'low' | 'medium' | 'high'])[] = [
  ['administrator', 'Administrator + SophMate Admin', 'high'],
  ['editor', 'Editor + SophMate Drafter', 'low'],
  ['support_agent', 'Shop manager (support) + SophMate Support', 'none'],
  ['store_manager', 'Shop manager + SophMate Approver', 'medium'],
  ['marketer', 'Author + SophMate Drafter', 'none'],
  ['designer', 'Editor + SophMate Theme reviewer', 'none'],
  ['developer', 'Administrator (staging) + SophMate Developer', 'medium'],
  ['agency_operator', 'Administrator + SophMate Agency', 'medium'],
];
/** A seeded review's findings, now and then. */
export const SEED_FINDINGS = 'Support routing owner to confirm the escalation phone number';

const FIRST_WEEK_FOUND: Record<ReviewArea, string> = {
  prompts: 'Operators asked within their workflows; no customer data pasted into prompts',
  rejected_plans: 'Rejected plans were rejected for the right reasons',
  support_drafts: 'Drafts checked against the order before sending',
  approvals: 'Approvals stayed within each role’s limit',
  audit_records: 'Every executed plan has its audit record',
};

/**
 * What a seeded first-week review found in each of its five areas, as `reviews.completeFirstWeek`
 * takes it (a first-week review is completed only through it); `findings`, when given, is what the
 * audit records showed.
 */
export function firstWeekFound(findings: string | null): { area: ReviewArea; found: string }[] {
  return REVIEW_AREAS.map((area) => ({ area, found: area === 'audit_records' && findings ? findings : FIRST_WEEK_FOUND[area] }));
}

export const STAGES: readonly (readonly [RolloutStage, number])[] = [
  ['planning', 18],
  ['setup', 24],
  ['pilot', 22],
  ['adoption', 28],
  ['paused', 4],
  ['retired', 4],
];

/** The seed's random draws: a number in [0, 1), one item of a list, or one of weighted items. */
export function randomSource(seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    const total = xs.reduce((n, [, w]) => n + w, 0);
    let r = rand() * total;
    for (const [v, w] of xs) if ((r -= w) < 0) return v;
    return xs[xs.length - 1]![0];
  };
  return { rand, pick, weighted };
}
