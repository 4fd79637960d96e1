/**
 * The sections of the first-week review report: the review, the activity imported, the five things it
 * looks at with what was found, findings by operator and category with their decisions, operators to
 * escalate, SOP updates published from findings and who they send back to training. It quotes finding
 * summaries only, masked again here, never the imported text behind them.
 */
import { maskText } from '../../activity/mask';
import { FINDING_CATEGORIES, FINDING_CATEGORY_LABEL, REVIEW_AREA_LABEL, type FindingCategory } from '../../activity/vocabulary';
import { responsibilityOwner } from '../../domain/responsibility-owner';
import { ROLE_LABEL, WORKFLOW_LABEL } from '../../playbook/schema';
import type { DocSection, MissingPart, SiteSnapshot } from '../model';
import { dash, day } from './common';

const FIX = 'Site → First week';

/**
 * Review notes that say why no activity was imported: "no export was available", "the audit log is
 * disabled", "could not export", "nothing to import"… A note that only mentions the log in passing
 * ("the team logged in fine") does not count.
 */
const SAYS_WHY_NO_IMPORT =
  /\bno (?:activity|export|audit|log|data)\b|\bnothing to (?:import|export)\b|\bnot (?:be )?(?:imported|exported|available)\b|\bcould ?n[o']?t (?:be )?(?:import|export)|\bwithout (?:an? |the )?(?:export|import|audit log)\b|\b(?:export|import|audit log|activity log|logging)\w* (?:was |is |were |are )?(?:not|never|unavailable|disabled|off|empty)\b/i;

const STATUS_LABEL = { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed' } as const;

/**
 * Text masked again: a summary, and what reviewers wrote (a decision note, what was found, the review
 * notes), which may quote what they read in the activity (a customer's email, a phone number).
 */
const masked = (text: string) => maskText(text).text;
const maskedOrNull = (text: string | null) => (text === null ? null : masked(text));

/**
 * How the report names who a finding is about: the operator's name, or an actor the file wrote that was
 * not matched to an operator. Such an actor is often an email: masked, two different ones would read the
 * same, so each is named "Unmatched actor N" instead (grouped before masking, so they stay apart).
 */
function whoLabels(): (who: string) => string {
  const labels = new Map<string, string>();
  let unmatched = 0;
  return (who) => {
    let label = labels.get(who);
    if (label === undefined) {
      label = masked(who) === who ? who : `Unmatched actor ${++unmatched}`;
      labels.set(who, label);
    }
    return label;
  };
}

export function firstWeekSections(s: SiteSnapshot, missing: MissingPart[]): DocSection[] {
  const label = whoLabels();
  const fw = {
    ...s.firstWeek,
    review: { ...s.firstWeek.review, notes: maskedOrNull(s.firstWeek.review.notes) },
    areas: s.firstWeek.areas.map((a) => ({ ...a, found: maskedOrNull(a.found) })),
    findings: s.firstWeek.findings.map((f) => ({ ...f, who: label(f.who), summary: masked(f.summary), decisionNote: maskedOrNull(f.decisionNote) })),
  };
  const open = fw.findings.filter((f) => f.status === 'open').length;
  if (fw.review.state !== 'done') {
    missing.push({
      part: fw.review.state === 'none' ? 'A first-week review (none is planned)' : `The first-week review done (it is ${fw.review.state})`,
      fix: `${FIX}: complete the review.`,
    });
  }
  if (open > 0) missing.push({ part: `A decision on every finding (${open} open)`, fix: `${FIX}: confirm or dismiss each finding with a note.` });
  const noNote = fw.areas.filter((a) => !a.found?.trim());
  if (noNote.length) {
    missing.push({
      part: `What was found in ${noNote.map((a) => REVIEW_AREA_LABEL[a.area]).join(', ')}`,
      fix: `${FIX}: say what was found in each area when completing the review.`,
    });
  }
  if (fw.imports.length === 0 && !(fw.review.notes && SAYS_WHY_NO_IMPORT.test(fw.review.notes))) {
    missing.push({
      part: 'Activity imported for the first week, or review notes saying why none was',
      fix: `${FIX}: import the SophMate activity export, or say in the review notes why there is none.`,
    });
  }

  const review: DocSection = {
    id: 'review',
    title: 'The review',
    blocks: [
      {
        type: 'fields',
        rows: [
          ['State', fw.review.state === 'none' ? 'Not planned' : fw.review.state[0]!.toUpperCase() + fw.review.state.slice(1)],
          ['Due', dash(fw.review.dueOn)],
          ['Done on', day(fw.review.doneAt)],
          ['Done by', dash(fw.review.doneBy)],
          ['Findings', `${fw.findings.length} (${open} open)`],
        ],
      },
      ...(fw.review.notes ? [{ type: 'paragraph' as const, text: fw.review.notes }] : []),
    ],
  };

  const imports: DocSection = {
    id: 'imports',
    title: 'Activity imported',
    blocks: fw.imports.length
      ? [
          {
            type: 'table',
            columns: ['File', 'Rows', 'Imported', 'Personal data masked', 'Imported on', 'By'],
            rows: fw.imports.map((i) => [i.fileName, String(i.rows), String(i.imported), i.masked ? 'Yes' : 'No', day(i.importedAt), i.importedBy]),
          },
          ...(fw.imports.some((i) => !i.masked)
            ? [
                {
                  type: 'note' as const,
                  tone: 'warning' as const,
                  text: 'Some activity was imported without masking; this report quotes finding summaries only, masked.',
                },
              ]
            : []),
        ]
      : [{ type: 'paragraph', text: 'No activity was imported for this site.' }],
  };

  const areas: DocSection = {
    id: 'areas',
    title: 'What the review looked at',
    blocks: [
      {
        type: 'table',
        columns: ['Area', 'Events', 'Findings', 'Open', 'What was found'],
        rows: fw.areas.map((a) => [REVIEW_AREA_LABEL[a.area], String(a.events), String(a.findings), String(a.openFindings), dash(a.found)]),
      },
    ],
  };

  const people = [...new Set(fw.findings.map((f) => f.who))];
  const byOperator: DocSection = {
    id: 'findings',
    title: 'Findings by operator',
    blocks: fw.findings.length
      ? [
          {
            type: 'table',
            columns: ['Operator', ...FINDING_CATEGORIES.map((c) => FINDING_CATEGORY_LABEL[c])],
            rows: people.map((who) => [
              who,
              ...FINDING_CATEGORIES.map((c: FindingCategory) =>
                String(fw.findings.filter((f) => f.who === who && f.category === c && f.status !== 'dismissed').length),
              ),
            ]),
          },
          {
            type: 'table',
            columns: ['When', 'Operator', 'Finding', 'SOP', 'What was seen', 'Decision'],
            rows: fw.findings.map((f) => [
              day(f.occurredAt),
              `${f.who}${f.role ? ` (${ROLE_LABEL[f.role]})` : ''}`,
              FINDING_CATEGORY_LABEL[f.category],
              `${WORKFLOW_LABEL[f.workflow]}${f.sopVersion !== null ? `, updated in v${f.sopVersion}` : ''}`,
              f.summary,
              f.status === 'open' ? 'Open' : `${STATUS_LABEL[f.status]} by ${dash(f.decidedBy)}: ${dash(f.decisionNote)}`,
            ]),
          },
        ]
      : [{ type: 'paragraph', text: 'No findings were recorded.' }],
  };

  const flags: DocSection = {
    id: 'escalations',
    title: 'Operators to escalate',
    blocks: fw.flags.length
      ? [
          {
            type: 'table',
            columns: ['Operator', 'Role', 'Finding', 'Times', 'Escalate to'],
            rows: fw.flags.map((f) => [
              f.operatorName,
              ROLE_LABEL[f.role],
              FINDING_CATEGORY_LABEL[f.category],
              `${f.count} within ${f.windowDays} days`,
              f.ownerName ? [f.ownerName, f.ownerEmail].filter(Boolean).join(', ') : `No ${responsibilityOwner('incident_escalation')} assigned`,
            ]),
          },
        ]
      : [{ type: 'paragraph', text: 'No operator repeated the same kind of mistake often enough to escalate.' }],
  };

  const updates: DocSection = {
    id: 'sop-updates',
    title: 'SOP updates and retraining',
    blocks: [
      fw.sopUpdates.length
        ? {
            type: 'table',
            columns: ['SOP', 'Version', 'Published', 'Change', 'Findings answered'],
            rows: fw.sopUpdates.map((u) => [
              `${WORKFLOW_LABEL[u.workflow]} for ${ROLE_LABEL[u.role]}`,
              `v${u.version}`,
              day(u.publishedAt),
              u.changeSummary,
              String(u.findings),
            ]),
          }
        : { type: 'paragraph', text: 'No SOP update was published from these findings.' },
      fw.retraining.length
        ? {
            type: 'list',
            items: fw.retraining.map((r) => `${r.name} (${ROLE_LABEL[r.role]}): sign off ${r.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')} again`),
          }
        : { type: 'paragraph', text: 'No operator of this site needs retraining.' },
    ],
  };

  return [review, imports, areas, byOperator, flags, updates];
}
