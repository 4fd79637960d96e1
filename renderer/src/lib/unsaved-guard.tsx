import { Button, getDefaultZIndex, Group, Modal, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useBlocker } from 'react-router';
import { useGo } from './navigation';

/**
 * Unsaved-changes guard. Every editing form registers its draft here (`useUnsavedChanges`); one
 * guard (`UnsavedChangesGuard`, mounted once inside the router) then stops anything that would
 * throw a draft away: a tab switch or any other navigation asks “Discard changes?” with Save /
 * Discard / Keep editing, and closing the window asks the browser (or the desktop shell) first.
 */
interface Draft {
  label: string;
  dirty: boolean;
  /** Saves the draft; resolves false when it was not saved (the form then shows why). */
  save?: () => Promise<boolean>;
  discard: () => void;
}

const drafts = new Map<string, Draft>();
const listeners = new Set<() => void>();
let snapshot = '';

function changed() {
  snapshot = [...drafts.values()]
    .filter((d) => d.dirty)
    .map((d) => d.label)
    .join('\n');
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The labels of the forms that hold unsaved changes right now. */
export function useUnsavedLabels(): string[] {
  const s = useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => '',
  );
  return s ? s.split('\n') : [];
}

export interface UnsavedChangesOptions {
  /** How the form is named in the question, e.g. “the setup record”. */
  label: string;
  dirty: boolean;
  save?: () => Promise<boolean>;
  discard: () => void;
}

/** Registers a form's draft with the guard for as long as the form is mounted. */
export function useUnsavedChanges(options: UnsavedChangesOptions): void {
  const id = useId();
  const latest = useRef(options);
  latest.current = options;
  const hasSave = Boolean(options.save);
  useEffect(() => {
    drafts.set(id, {
      label: options.label,
      dirty: options.dirty,
      save: hasSave ? () => latest.current.save?.() ?? Promise.resolve(false) : undefined,
      discard: () => latest.current.discard(),
    });
    changed();
  }, [id, options.label, options.dirty, hasSave]);
  useEffect(
    () => () => {
      drafts.delete(id);
      changed();
    },
    [id],
  );
}

let saving = 0;

/**
 * Runs a form's own save: a navigation that the save itself makes (a new record opening its page)
 * is not held back while it runs, since the draft is being saved, not thrown away.
 */
export async function whileSaving<T>(save: () => Promise<T>): Promise<T> {
  saving++;
  try {
    return await save();
  } finally {
    saving--;
  }
}

function dirtyDrafts(): Draft[] {
  return saving > 0 ? [] : [...drafts.values()].filter((d) => d.dirty);
}

function listOf(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** A small dot beside a tab or a title whose form holds unsaved changes. */
export function UnsavedMark() {
  return (
    <span
      role="img"
      aria-label="unsaved changes"
      title="Unsaved changes"
      data-testid="unsaved-mark"
      style={{
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: 4,
        marginLeft: 6,
        verticalAlign: 'middle',
        background: 'var(--mantine-color-orange-filled)',
      }}
    />
  );
}

/** Mounted once inside the router: asks before a navigation or a window close throws a draft away. */
export function UnsavedChangesGuard() {
  const labels = useUnsavedLabels();
  const dirty = labels.length > 0;
  const blocker = useBlocker(
    useCallback(
      ({ currentLocation, nextLocation }: { currentLocation: { pathname: string }; nextLocation: { pathname: string } }) =>
        dirtyDrafts().length > 0 && currentLocation.pathname !== nextLocation.pathname,
      [],
    ),
  );
  const navigate = useGo();
  const [saving, setSaving] = useState(false);
  const blocked = blocker.state === 'blocked';

  // The app's links are plain `#/…` anchors: the browser would change the address on its own, which
  // the router can only watch, not hold back. While a draft is open they go through the router.
  useEffect(() => {
    if (!dirty) return undefined;
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = (e.target as Element | null)?.closest?.('a[href^="#/"]');
      if (!link || (link.getAttribute('target') ?? '_self') !== '_self') return;
      e.preventDefault();
      navigate(link.getAttribute('href')!.slice(1));
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [dirty, navigate]);

  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older engines show the question only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const canSave = dirtyDrafts().every((d) => d.save);
  const keepEditing = () => blocker.reset?.();
  const discard = () => {
    for (const d of dirtyDrafts()) d.discard();
    blocker.proceed?.();
  };
  const save = async () => {
    setSaving(true);
    try {
      for (const d of dirtyDrafts()) {
        // Not saved: back to the form, which shows what to fix.
        if (!(await d.save!())) {
          blocker.reset?.();
          return;
        }
      }
      blocker.proceed?.();
    } finally {
      setSaving(false);
    }
  };

  return (
    // Above any dialog whose draft it asks about (an owner being assigned, an incident being opened).
    <Modal opened={blocked} onClose={keepEditing} title="Discard changes?" data-testid="unsaved-guard" zIndex={getDefaultZIndex('modal') + 1}>
      <Stack>
        <Text size="sm">
          {labels.length
            ? `${listOf(labels).replace(/^./, (c) => c.toUpperCase())} ${labels.length === 1 ? 'has' : 'have'} changes that are not saved.`
            : 'There are changes that are not saved.'}{' '}
          Save them, discard them, or keep editing.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={keepEditing} data-autofocus>
            Keep editing
          </Button>
          <Button variant="light" color="red" onClick={discard} disabled={saving}>
            Discard
          </Button>
          {canSave ? (
            <Button onClick={() => void save()} loading={saving}>
              Save
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}
