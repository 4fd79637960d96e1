/** Column mapping: suggestions from header names, the signature a saved mapping is found by, and its problems. */
import type { ActivityMapping } from '../contract/activity';
import { foldForSearch } from '../search-fold';
import { ACTIVITY_FIELDS, REQUIRED_ACTIVITY_FIELDS, type ActivityField, type ActivityFormat } from './vocabulary';

/** A header reduced to its letters and digits, case-folded: "Date (UTC)", "date_utc" and "DateUTC" are one. */
const squash = (s: string) => foldForSearch(s).replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The names each field goes by in exports, most specific first (already squashed). Fields are
 * matched in ACTIVITY_FIELDS order, so "user_email" is the actor before "user_name" is tried as one.
 */
const SYNONYMS: Record<ActivityField, readonly string[]> = {
  time: ['time', 'timestamp', 'datetime', 'occurredat', 'createdat', 'date', 'dateutc', 'timeutc', 'when', 'loggedat', 'eventtime'],
  actor: ['actor', 'actoremail', 'useremail', 'user', 'email', 'operator', 'operatoremail', 'by', 'actorid', 'userid', 'who'],
  eventType: ['event', 'eventtype', 'type', 'action', 'activity', 'eventname', 'kind'],
  actorName: ['actorname', 'username', 'displayname', 'name', 'fullname', 'operatorname'],
  role: ['role', 'userrole', 'actorrole', 'operatorrole'],
  planId: ['plan', 'planid', 'actionplan', 'actionplanid', 'planref'],
  risk: ['risk', 'risklevel', 'planrisk', 'severity'],
  status: ['status', 'outcome', 'result', 'state', 'decision'],
  text: ['prompt', 'text', 'message', 'request', 'content', 'body', 'question', 'prompttext'],
  affectedRecords: ['affected', 'affectedrecords', 'records', 'objects', 'affectedobjects', 'targets', 'items'],
  reviewerNote: ['reviewernote', 'note', 'comment', 'notes', 'reviewnote', 'reviewercomment'],
  escalatedTo: ['escalatedto', 'assignee', 'escalationtarget', 'escalatedtoemail', 'handedto', 'owner'],
  site: ['site', 'siteurl', 'url', 'domain', 'host', 'website', 'store', 'storeurl'],
};

/** A squashed name that ends as an id or a number does: "requestid", "eventuuid", "ticketnumber", "planref". */
const ID_LIKE = /(?:id|ids|uuid|guid|ref|number|num|nr|count)$/;

/** A mapping for a file with these columns, suggested from their names (e.g. "User email" -> actor). */
export function suggestMapping(columns: readonly string[], format: ActivityFormat, delimiter: string | null, timeZone: string): ActivityMapping {
  const used = new Set<string>();
  const squashed = columns.map((c) => ({ column: c.trim(), key: squash(c) })).filter((c) => c.column !== '');
  const chosen = {} as Record<ActivityField, string | null>;
  // First exact names for every field, then names that contain a field's name ("Event type (raw)").
  for (const field of ACTIVITY_FIELDS) chosen[field] = null;
  for (const field of ACTIVITY_FIELDS) {
    for (const syn of SYNONYMS[field]) {
      const hit = squashed.find((c) => !used.has(c.column) && c.key === syn.replace(/_/g, ''));
      if (hit) {
        chosen[field] = hit.column;
        used.add(hit.column);
        break;
      }
    }
  }
  // A column named as an id or number ("Request ID", "Event no") holds an id: it contains a field's
  // name only for a name that is itself an id ("Plan ref" is the plan id, "Request ID" is not the text).
  for (const field of ACTIVITY_FIELDS) {
    if (chosen[field] !== null) continue;
    for (const syn of SYNONYMS[field]) {
      if (syn.length < 4) continue;
      const hit = squashed.find((c) => !used.has(c.column) && c.key.includes(syn.replace(/_/g, '')) && (!ID_LIKE.test(c.key) || ID_LIKE.test(syn)));
      if (hit) {
        chosen[field] = hit.column;
        used.add(hit.column);
        break;
      }
    }
  }
  // A required field nobody could find stays "" so that mappingProblems asks the user to choose it.
  return {
    format,
    delimiter: format === 'csv' ? (delimiter ?? ',') : null,
    columns: {
      time: chosen.time ?? '',
      actor: chosen.actor ?? '',
      eventType: chosen.eventType ?? '',
      actorName: chosen.actorName,
      role: chosen.role,
      planId: chosen.planId,
      risk: chosen.risk,
      status: chosen.status,
      text: chosen.text,
      affectedRecords: chosen.affectedRecords,
      reviewerNote: chosen.reviewerNote,
      escalatedTo: chosen.escalatedTo,
      site: chosen.site,
    },
    timeZone,
    dateOrder: 'ymd',
    eventTypes: [],
  };
}

/** The columns, case-folded, trimmed, sorted and joined by U+001F: a file with the same columns in any order has the same. */
export function columnsSignature(columns: readonly string[]): string {
  return columns
    .map((c) => foldForSearch(c.trim()))
    .sort()
    .join('\u001f');
}

const REQUIRED_MESSAGE: Record<(typeof REQUIRED_ACTIVITY_FIELDS)[number], string> = {
  time: 'Choose the column that holds the time.',
  actor: 'Choose the column that holds the actor (an email or a name).',
  eventType: 'Choose the column that holds the event type.',
};

const FIELD_WORDS: Record<ActivityField, string> = {
  time: 'Time',
  actor: 'Actor',
  eventType: 'Event type',
  actorName: 'Actor name',
  role: 'Role',
  planId: 'Plan id',
  risk: 'Risk',
  status: 'Status',
  text: 'Prompt or text',
  affectedRecords: 'Affected records',
  reviewerNote: 'Reviewer note',
  escalatedTo: 'Escalated to',
  site: 'Site URL',
};

/** What is wrong with a mapping for a file with these columns; `path` is the field (e.g. "columns.time"). */
export function mappingProblems(mapping: ActivityMapping, columns: readonly string[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const inFile = new Set(columns.map((c) => c.trim()));
  const firstField = new Map<string, ActivityField>();
  for (const field of ACTIVITY_FIELDS) {
    const column = (mapping.columns[field] ?? '').trim();
    const path = `columns.${field}`;
    if (column === '') {
      if ((REQUIRED_ACTIVITY_FIELDS as readonly string[]).includes(field)) {
        problems.push({ path, message: REQUIRED_MESSAGE[field as (typeof REQUIRED_ACTIVITY_FIELDS)[number]] });
      }
      continue;
    }
    if (!inFile.has(column)) {
      problems.push({ path, message: `${FIELD_WORDS[field]}: column "${column}" is not in this file. Choose one of the file's columns.` });
      continue;
    }
    const earlier = firstField.get(column);
    if (earlier) {
      problems.push({
        path,
        message: `${FIELD_WORDS[field]}: column "${column}" is already chosen for ${FIELD_WORDS[earlier]}. Choose each column for one field only.`,
      });
      continue;
    }
    firstField.set(column, field);
  }
  if (mapping.format === 'csv' && !mapping.delimiter) {
    problems.push({
      path: 'delimiter',
      message: 'Delimiter is missing: choose the character that separates the columns of the CSV file (comma, semicolon, tab or pipe).',
    });
  }
  if (mapping.format !== 'csv' && mapping.delimiter) {
    problems.push({ path: 'delimiter', message: 'Delimiter applies to CSV files only: clear it for a JSON or JSON Lines file.' });
  }
  return problems;
}
