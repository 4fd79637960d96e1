import { describe, expect, it } from 'vitest';
import { columnsSignature, mappingProblems, suggestMapping } from '@core/activity/mapping';
import { ActivityMapping } from '@core/contract/activity';

const SEED_KEYS = ['time', 'actorEmail', 'actorName', 'role', 'eventType', 'planId', 'risk', 'status', 'prompt', 'affectedRecords', 'reviewerNote', 'siteUrl'];

describe('suggestMapping', () => {
  it('does not take an id column for the text (review item 24)', () => {
    const m = suggestMapping(['time', 'actor', 'event', 'Request ID', 'Request body'], 'csv', ',', 'UTC');
    expect(m.columns.text).toBe('Request body');
    expect(m.columns.eventType).toBe('event');
    expect(suggestMapping(['time', 'actor', 'Event ID', 'Event type (raw)'], 'csv', ',', 'UTC').columns.eventType).toBe('Event type (raw)');
    expect(suggestMapping(['time', 'actor', 'event', 'Action plan ref'], 'csv', ',', 'UTC').columns.planId).toBe('Action plan ref');
  });

  it('maps the scale seed export with no manual step', () => {
    const m = suggestMapping(SEED_KEYS, 'jsonl', null, 'Europe/London');
    expect(m.columns).toEqual({
      time: 'time',
      actor: 'actorEmail',
      eventType: 'eventType',
      actorName: 'actorName',
      role: 'role',
      planId: 'planId',
      risk: 'risk',
      status: 'status',
      text: 'prompt',
      affectedRecords: 'affectedRecords',
      reviewerNote: 'reviewerNote',
      escalatedTo: null,
      site: 'siteUrl',
    });
    expect(m.delimiter).toBeNull();
    expect(m.dateOrder).toBe('ymd');
    expect(ActivityMapping.safeParse(m).success).toBe(true);
    expect(mappingProblems(m, SEED_KEYS)).toEqual([]);
  });

  it('reads synonyms whatever their case, spaces and underscores', () => {
    const cols = [
      'Date (UTC)',
      'User',
      'Display name',
      'EVENT_TYPE',
      'user_role',
      'Plan ID',
      'Risk Level',
      'Outcome',
      'Message',
      'Objects',
      'Comment',
      'Assignee',
      'Domain',
    ];
    const m = suggestMapping(cols, 'csv', ';', 'UTC');
    expect(m.columns).toEqual({
      time: 'Date (UTC)',
      actor: 'User',
      eventType: 'EVENT_TYPE',
      actorName: 'Display name',
      role: 'user_role',
      planId: 'Plan ID',
      risk: 'Risk Level',
      status: 'Outcome',
      text: 'Message',
      affectedRecords: 'Objects',
      reviewerNote: 'Comment',
      escalatedTo: 'Assignee',
      site: 'Domain',
    });
    expect(m.delimiter).toBe(';');
  });

  it('uses each column once: "user_email" is the actor and "user_name" the name', () => {
    const m = suggestMapping(['created_at', 'user_name', 'user_email', 'action', 'email'], 'csv', ',', 'UTC');
    expect(m.columns.time).toBe('created_at');
    expect(m.columns.actor).toBe('user_email');
    expect(m.columns.actorName).toBe('user_name');
    expect(m.columns.eventType).toBe('action');
  });

  it('leaves a required field it cannot find empty, and mappingProblems asks for it', () => {
    const cols = ['id', 'who_did_it', 'what'];
    const m = suggestMapping(cols, 'csv', ',', 'UTC');
    expect(m.columns.time).toBe('');
    expect(m.columns.eventType).toBe('');
    expect(mappingProblems(m, cols)).toEqual([
      { path: 'columns.time', message: 'Choose the column that holds the time.' },
      { path: 'columns.actor', message: 'Choose the column that holds the actor (an email or a name).' },
      { path: 'columns.eventType', message: 'Choose the column that holds the event type.' },
    ]);
  });
});

describe('columnsSignature', () => {
  it('is the same for the same columns in any order and case', () => {
    expect(columnsSignature(['Time', ' actor ', 'Event'])).toBe(columnsSignature(['event', 'TIME', 'Actor']));
    expect(columnsSignature(['time', 'actor'])).not.toBe(columnsSignature(['time', 'actor', 'event']));
    expect(columnsSignature(['a', 'b'])).toBe('a\u001fb');
  });
});

describe('mappingProblems', () => {
  const cols = ['ts', 'user', 'event', 'note'];
  const base = ActivityMapping.parse({ format: 'csv', delimiter: ',', columns: { time: 'ts', actor: 'user', eventType: 'event' }, timeZone: 'UTC' });

  it('accepts a complete mapping', () => {
    expect(mappingProblems(base, cols)).toEqual([]);
  });

  it('names a column that is not in the file', () => {
    const m = { ...base, columns: { ...base.columns, reviewerNote: 'notes' } };
    expect(mappingProblems(m, cols)).toEqual([
      { path: 'columns.reviewerNote', message: 'Reviewer note: column "notes" is not in this file. Choose one of the file\'s columns.' },
    ]);
  });

  it('refuses a column chosen for two fields', () => {
    const m = { ...base, columns: { ...base.columns, text: 'event' } };
    expect(mappingProblems(m, cols)).toEqual([
      { path: 'columns.text', message: 'Prompt or text: column "event" is already chosen for Event type. Choose each column for one field only.' },
    ]);
  });

  it('wants a delimiter for CSV only', () => {
    expect(mappingProblems({ ...base, delimiter: null }, cols).map((p) => p.path)).toEqual(['delimiter']);
    expect(mappingProblems({ ...base, format: 'jsonl' }, cols)).toEqual([
      { path: 'delimiter', message: 'Delimiter applies to CSV files only: clear it for a JSON or JSON Lines file.' },
    ]);
    expect(mappingProblems({ ...base, format: 'json', delimiter: null }, cols)).toEqual([]);
  });
});
