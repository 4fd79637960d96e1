/**
 * Focus goes back to what opened a dialog when the dialog closes (Esc, its close button, Cancel,
 * or a save), for every dialog of the app at once.
 *
 * Mantine returns focus only for a Modal whose `opened` prop goes from true to false while it stays
 * mounted; most dialogs here are mounted when needed (`{editing ? <Dialog /> : null}`) and unmounted
 * to close, so they never learn their opener and focus falls to the page body. This watcher notes
 * each dialog that appears together with the element focused before it, and when that dialog goes
 * away and focus was lost (on the body or on a removed element), focuses the opener again, or the
 * nearest earlier focused element that is still on the page (a menu's button when the opener was
 * one of its items).
 */
import { useEffect } from 'react';

const DIALOG = '[role="dialog"][aria-modal="true"]';
/** Recently focused elements, newest last; `null` marks focus left on the page body. */
const HISTORY = 20;

function focusable(el: Element | null | undefined): el is HTMLElement {
  return (
    el instanceof HTMLElement && el.isConnected && !el.hasAttribute('disabled') && el.getAttribute('aria-hidden') !== 'true' && el.getClientRects().length > 0
  );
}

function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active === document.documentElement || !active.isConnected;
}

interface OpenDialog {
  /** What had focus when the dialog appeared (null: nothing did). */
  opener: HTMLElement | null;
  /** The focus history up to then, for an opener that went away with the dialog's opening (a menu item). */
  before: (HTMLElement | null)[];
}

export function useDialogFocusReturn() {
  useEffect(() => {
    const history: (HTMLElement | null)[] = [];
    const remember = (el: HTMLElement | null) => {
      if (history.at(-1) === el) return;
      history.push(el);
      if (history.length > HISTORY) history.shift();
    };
    const open = new Map<Element, OpenDialog>();
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target;
      if (!(target instanceof HTMLElement)) return;
      const dialog = target.closest(DIALOG);
      if (!dialog) return remember(target);
      // Focus moving into a dialog names its opener exactly: the element it came from.
      const entry = open.get(dialog);
      const from = e.relatedTarget;
      if (entry && from instanceof HTMLElement && !dialog.contains(from)) entry.opener = from;
    };
    const onFocusOut = (e: FocusEvent) => {
      if (e.relatedTarget === null && e.target instanceof HTMLElement && !e.target.closest(DIALOG)) remember(null);
    };
    const restore = ({ opener, before }: OpenDialog) => {
      if (!focusLost()) return;
      if (focusable(opener)) return opener.focus({ preventScroll: true });
      if (before.at(-1) === null) return;
      for (let i = before.length - 1; i >= 0; i -= 1) {
        const el = before[i];
        if (el === null) return;
        if (focusable(el)) return el.focus({ preventScroll: true });
      }
    };
    const scan = () => {
      const now = new Set(document.querySelectorAll(DIALOG));
      for (const d of now) {
        if (open.has(d)) continue;
        const last = history.at(-1) ?? null;
        const active = document.activeElement;
        const opener = active instanceof HTMLElement && active !== document.body && !d.contains(active) ? active : last;
        open.set(d, { opener, before: [...history] });
      }
      for (const [d, entry] of open) {
        if (now.has(d)) continue;
        open.delete(d);
        // After the dialog's own focus handling (Mantine returns focus 10 ms after closing).
        window.setTimeout(() => restore(entry), 30);
      }
    };
    const observer = new MutationObserver(scan);
    observer.observe(document.body, { childList: true, subtree: true });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    scan();
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
}
