/**
 * The keyboard shortcuts: one list that binds them and that the shortcuts sheet (`?`), the nav
 * tooltips and the palette display, so what is shown is always what works.
 *
 * None fires under an open dialog. Plain keys (`g s`, `/`, `?`) never fire while typing in a field
 * (Esc leaves the field); chords with Ctrl/Cmd or Alt work from fields too (they type nothing there).
 */
import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { IconBook, IconBuildingStore, IconCalendarCheck, IconGauge, IconSettings, IconUsers, IconWorld } from '@tabler/icons-react';
import { Fragment, useEffect, useRef } from 'react';

export const NAV = [
  { to: '/dashboard', label: 'Dashboard', icon: IconGauge, letter: 'd' },
  { to: '/sites', label: 'Sites', icon: IconWorld, letter: 's' },
  { to: '/clients', label: 'Clients', icon: IconBuildingStore, letter: 'c' },
  { to: '/people', label: 'People', icon: IconUsers, letter: 'p' },
  { to: '/reviews', label: 'Reviews', icon: IconCalendarCheck, letter: 'r' },
  { to: '/playbook', label: 'Playbook', icon: IconBook, letter: 'b' },
  { to: '/settings', label: 'Settings', icon: IconSettings, letter: 't' },
] as const;

/** Commands a shortcut can run; the shell supplies what each one does. */
export type ShortcutCommand = 'palette' | 'new-site' | 'focus-search' | 'shortcuts' | 'toggle-theme' | { go: string };

/**
 * One way to press a shortcut: a sequence of plain keys (`['g', 's']`) or one chord. `mod` is Ctrl,
 * or Cmd on a Mac.
 */
export type Keys = { sequence: string[] } | { chord: { key: string; mod?: boolean; alt?: boolean; shift?: boolean } };

export interface Shortcut {
  id: string;
  label: string;
  section: 'Go to' | 'Actions';
  keys: Keys[];
  command: ShortcutCommand;
}

export const SHORTCUTS: Shortcut[] = [
  ...NAV.map<Shortcut>((n, i) => ({
    id: `go-${n.letter}`,
    label: n.label,
    section: 'Go to',
    keys: [{ sequence: ['g', n.letter] }, { chord: { key: String(i + 1), alt: true } }],
    command: { go: n.to },
  })),
  { id: 'palette', label: 'Search everything and run a command', section: 'Actions', keys: [{ chord: { key: 'k', mod: true } }], command: 'palette' },
  { id: 'new-site', label: 'New site', section: 'Actions', keys: [{ chord: { key: 'n', mod: true } }], command: 'new-site' },
  { id: 'focus-search', label: "Search this page's list", section: 'Actions', keys: [{ sequence: ['/'] }], command: 'focus-search' },
  { id: 'shortcuts', label: 'Show keyboard shortcuts', section: 'Actions', keys: [{ sequence: ['?'] }], command: 'shortcuts' },
  {
    id: 'toggle-theme',
    label: 'Switch light and dark theme',
    section: 'Actions',
    keys: [{ chord: { key: 'l', mod: true, shift: true } }],
    command: 'toggle-theme',
  },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The key caps of one way to press a shortcut, as the user's keyboard names them. */
export function keyCaps(keys: Keys): string[] {
  if ('sequence' in keys) return keys.sequence.map((k) => k.toUpperCase());
  const { key, mod, alt, shift } = keys.chord;
  return [...(mod ? [isMac ? '⌘' : 'Ctrl'] : []), ...(alt ? [isMac ? '⌥' : 'Alt'] : []), ...(shift ? ['Shift'] : []), key.toUpperCase()];
}

/** "G then S" / "Ctrl + K": how a shortcut reads in a tooltip or a screen reader. */
export function keysText(keys: Keys): string {
  return 'sequence' in keys ? keyCaps(keys).join(' then ') : keyCaps(keys).join(' + ');
}

export function shortcutFor(id: string): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.id === id);
}

/** Read by screen readers, not shown. */
export const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

/** Key caps for one way of pressing a shortcut, e.g. <Kbd>G</Kbd> <Kbd>S</Kbd>. */
export function KeyCaps({ keys, size = 'xs' }: { keys: Keys; size?: 'xs' | 'sm' }) {
  const caps = keyCaps(keys);
  return (
    <Group gap={4} wrap="nowrap" component="span">
      {/* Read as "G then S" / "Ctrl + K"; the caps themselves are for the eye. */}
      <span style={VISUALLY_HIDDEN}>{keysText(keys)}</span>
      {caps.map((c, i) => (
        <Fragment key={i}>
          {i > 0 && 'sequence' in keys ? (
            <Text span size="xs" c="dimmed" aria-hidden>
              then
            </Text>
          ) : null}
          <Kbd size={size} aria-hidden>
            {c}
          </Kbd>
        </Fragment>
      ))}
    </Group>
  );
}

/** A field the user types in: plain-key shortcuts stay out of its way. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type);
}

const dialogOpen = () => document.querySelector('[role="dialog"][aria-modal="true"], [role="dialog"]:not([aria-modal])') !== null;

/** How long a sequence waits for its next key. */
const SEQUENCE_MS = 1200;

/** When a key was pressed, on the clock of performance.now() (where the event's own stamp is on another clock, when it was handled). */
function pressedAt(e: KeyboardEvent): number {
  const now = performance.now();
  return e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now;
}

function chordMatches(e: KeyboardEvent, chord: Extract<Keys, { chord: unknown }>['chord']): boolean {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (Boolean(chord.mod) !== mod || Boolean(chord.alt) !== e.altKey || Boolean(chord.shift) !== e.shiftKey) return false;
  // AltGr arrives as Ctrl+Alt: a character typed with it is not a shortcut.
  if (chord.alt && !chord.mod && e.ctrlKey) return false;
  // Digits and letters by their place on the keyboard too, so Alt+2 works where Alt makes another character.
  if (/^[0-9]$/.test(chord.key)) return e.key === chord.key || e.code === `Digit${chord.key}` || e.code === `Numpad${chord.key}`;
  if (/^[a-z]$/.test(chord.key)) return e.key.toLowerCase() === chord.key || e.code === `Key${chord.key.toUpperCase()}`;
  return e.key === chord.key;
}

/**
 * Binds every shortcut of SHORTCUTS on the document. Ctrl/Cmd+K is left to the palette itself,
 * which also closes with it.
 */
export function useShortcuts(run: (command: ShortcutCommand) => void) {
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    let pending: string[] = [];
    let pendingAt = 0;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // Esc leaves a field (outside dialogs and open dropdowns), so letter shortcuts can follow.
      if (e.key === 'Escape' && isTypingTarget(e.target) && !dialogOpen() && (e.target as HTMLElement).getAttribute('aria-expanded') !== 'true') {
        (e.target as HTMLElement).blur();
        return;
      }
      // Shortcuts act on the page: none runs under an open dialog.
      if (dialogOpen()) {
        pending = [];
        return;
      }
      for (const s of SHORTCUTS) {
        if (s.command === 'palette') continue;
        for (const k of s.keys) {
          if ('chord' in k && chordMatches(e, k.chord)) {
            e.preventDefault();
            pending = [];
            runRef.current(s.command);
            return;
          }
        }
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target)) {
        pending = [];
        return;
      }
      if (e.key.length !== 1) return;
      // The wait runs from when the previous key took effect to when this one was pressed: a page
      // busy rendering between the two (the key queued behind it) does not break the sequence.
      const typed = [...(pressedAt(e) - pendingAt < SEQUENCE_MS ? pending : []), e.key.toLowerCase()];
      const candidates = SHORTCUTS.flatMap((s) => s.keys.filter((k): k is { sequence: string[] } => 'sequence' in k).map((k) => ({ s, seq: k.sequence })));
      const whole = candidates.find((c) => c.seq.length === typed.length && c.seq.every((key, i) => key === typed[i]));
      if (whole) {
        e.preventDefault();
        pending = [];
        runRef.current(whole.s.command);
        return;
      }
      const started = candidates.some((c) => c.seq.length > typed.length && typed.every((key, i) => c.seq[i] === key));
      pending = started ? typed : [];
      pendingAt = performance.now();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** The shortcuts sheet: every shortcut of SHORTCUTS, by section. */
export function ShortcutsSheet({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const sections = ['Go to', 'Actions'] as const;
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Stack gap="md">
        {sections.map((section) => (
          <Table key={section} aria-label={`${section} shortcuts`} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="45%">{section}</Table.Th>
                <Table.Th>Keys</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {SHORTCUTS.filter((s) => s.section === section).map((s) => (
                <Table.Tr key={s.id} data-shortcut={s.id}>
                  <Table.Td>
                    <Text size="sm">{s.label}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      {s.keys.map((k, i) => (
                        <Fragment key={i}>
                          {i > 0 ? (
                            <Text span size="xs" c="dimmed">
                              or
                            </Text>
                          ) : null}
                          <KeyCaps keys={k} />
                        </Fragment>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
        <Text size="xs" c="dimmed">
          Letter shortcuts wait while you type in a field; press Esc to leave the field first. In a browser, Alt with a number may switch browser tabs instead.
        </Text>
      </Stack>
    </Modal>
  );
}
