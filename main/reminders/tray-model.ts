/**
 * What the tray (menu bar on macOS) shows, decided under Node: the tooltip, the menu-bar title with the
 * count, and the menu. main/electron/ only turns this into an Electron Tray and Menu.
 */
export type TrayAction = 'open' | 'reviews' | 'check-now' | 'pause-today' | 'quit';

export interface TrayItem {
  action: TrayAction | null;
  label: string;
  enabled: boolean;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
}

export interface TrayModel {
  tooltip: string;
  /** The macOS menu-bar title beside the icon: the number of reviews due or overdue, or "" for none. */
  title: string;
  overdue: number;
  due: number;
  paused: boolean;
  items: TrayItem[];
}

/** "2 overdue, 1 due today", or "Nothing due today". */
export function traySummary(overdue: number, due: number): string {
  const parts: string[] = [];
  if (overdue) parts.push(`${overdue} overdue`);
  if (due) parts.push(`${due} due today`);
  return parts.length ? parts.join(', ') : 'Nothing due today';
}

const separator = (): TrayItem => ({ action: null, label: '', enabled: true, type: 'separator' });

export function trayModel(s: { overdue: number; due: number; pausedToday: boolean; failing: string | null; problem?: string | null }): TrayModel {
  const summary = traySummary(s.overdue, s.due);
  const notes = [
    s.pausedToday ? 'reminders paused for today' : null,
    s.failing ? `e-mail digest failing: ${s.failing}` : null,
    s.problem ? `e-mail digest not sent: ${s.problem}` : null,
  ].filter(Boolean);
  const total = s.overdue + s.due;
  return {
    tooltip: `Rollout Workbench — ${total === 0 ? 'nothing due today' : `${total} ${total === 1 ? 'review' : 'reviews'}: ${summary}`}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    title: total ? String(total) : '',
    overdue: s.overdue,
    due: s.due,
    paused: s.pausedToday,
    items: [
      { action: null, label: summary, enabled: false, type: 'normal' },
      separator(),
      { action: 'open', label: 'Open Rollout Workbench', enabled: true, type: 'normal' },
      { action: 'reviews', label: 'Reviews', enabled: true, type: 'normal' },
      { action: 'check-now', label: 'Check now', enabled: true, type: 'normal' },
      { action: 'pause-today', label: 'Pause reminders for today', enabled: true, type: 'checkbox', checked: s.pausedToday },
      separator(),
      { action: 'quit', label: 'Quit', enabled: true, type: 'normal' },
    ],
  };
}
