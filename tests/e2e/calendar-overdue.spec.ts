import ICAL from 'ical.js';
import { expect, test } from './fixtures';

test.use({ seedSites: 2000 });

// Issue 12, item 11: overdue reviews sat on their original day (up to a year back), so a calendar never showed them as due.
test('the exported calendar shows every overdue review on today, and nothing open in the past', async ({ app }) => {
  const summary = await app.rpc<{ today: string; overdue: number }>('reviews.summary', {});
  expect(summary.overdue, 'the 2,000-site portfolio has overdue reviews').toBeGreaterThan(0);
  // The file the Reviews page's "Export calendar (.ics)" downloads (reviews.spec.ts covers the button).
  const { content: text } = await app.rpc<{ content: string }>('reviews.calendar', {});
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const open = events.filter((e) => e.component.getFirstPropertyValue('status') === 'CONFIRMED');
  const overdue = open.filter((e) => e.summary.startsWith('Overdue since '));
  expect(overdue).toHaveLength(summary.overdue);
  for (const e of overdue) {
    expect(e.startDate.toString()).toBe(summary.today);
    const since = /^Overdue since (\d{4}-\d{2}-\d{2}): /.exec(e.summary)![1]!;
    expect(since < summary.today).toBe(true);
  }
  expect(open.filter((e) => e.startDate.toString() < summary.today).map((e) => e.summary)).toEqual([]);
  expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
});
