import { describe, expect, it } from 'vitest';
import { trayModel } from '@main/reminders/tray-model';

describe('the tray model', () => {
  it('lists the summary, the actions in order and Quit, with the count as the menu-bar title', () => {
    const m = trayModel({ overdue: 2, due: 1, pausedToday: false, failing: null });
    expect(m.items.map((i) => [i.action, i.label, i.enabled, i.type])).toEqual([
      [null, '2 overdue, 1 due today', false, 'normal'],
      [null, '', true, 'separator'],
      ['open', 'Open Rollout Workbench', true, 'normal'],
      ['reviews', 'Reviews', true, 'normal'],
      ['check-now', 'Check now', true, 'normal'],
      ['pause-today', 'Pause reminders for today', true, 'checkbox'],
      [null, '', true, 'separator'],
      ['quit', 'Quit', true, 'normal'],
    ]);
    expect(m).toMatchObject({ title: '3', overdue: 2, due: 1, paused: false, tooltip: 'Rollout Workbench — 3 reviews: 2 overdue, 1 due today' });
    expect(m.items[5]!.checked).toBe(false);
  });

  it('says nothing is due with an empty title, and one review in the singular', () => {
    const none = trayModel({ overdue: 0, due: 0, pausedToday: false, failing: null });
    expect(none.items[0]!.label).toBe('Nothing due today');
    expect(none.title).toBe('');
    expect(none.tooltip).toBe('Rollout Workbench — nothing due today');
    const one = trayModel({ overdue: 0, due: 1, pausedToday: false, failing: null });
    expect(one.items[0]!.label).toBe('1 due today');
    expect(one.tooltip).toBe('Rollout Workbench — 1 review: 1 due today');
    expect(trayModel({ overdue: 1, due: 0, pausedToday: false, failing: null }).items[0]!.label).toBe('1 overdue');
  });

  it('checks the pause item when paused and tells the pause and a failing digest in the tooltip', () => {
    const m = trayModel({ overdue: 1, due: 0, pausedToday: true, failing: 'The SMTP server refused the password.' });
    expect(m.paused).toBe(true);
    expect(m.items.find((i) => i.action === 'pause-today')).toMatchObject({ type: 'checkbox', checked: true });
    expect(m.tooltip).toBe(
      'Rollout Workbench — 1 review: 1 overdue (reminders paused for today; e-mail digest failing: The SMTP server refused the password.)',
    );
  });

  it('tells in the tooltip why the digest is not sent from this device', () => {
    const problem = 'No SMTP password for lead at mail.example.test: store it in Settings > E-mail digest.';
    expect(trayModel({ overdue: 0, due: 0, pausedToday: false, failing: null, problem }).tooltip).toBe(
      `Rollout Workbench — nothing due today (e-mail digest not sent: ${problem})`,
    );
  });
});
