import { notifications } from '@mantine/notifications';
import { createElement } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { RetryMessage } from './retry-message';

export function errorMessage(err: unknown): string {
  if (err instanceof WorkbenchError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** True for an error that may go away by itself: another program was writing to the workspace. */
export function isBusy(err: unknown): boolean {
  return err instanceof WorkbenchError && err.code === ErrorCode.BUSY;
}

/**
 * Shows the error's own message (faults such as a full disk or a busy workspace already say what
 * happened and what to do). A busy workspace also offers "Try again" when the caller can repeat the action.
 */
export function notifyError(err: unknown, title = 'Not saved', retry?: () => void) {
  const busy = isBusy(err);
  const id = `error-${Date.now()}-${Math.random()}`;
  const message = errorMessage(err);
  const onRetry = () => {
    notifications.hide(id);
    retry?.();
  };
  notifications.show({
    id,
    color: busy ? 'orange' : 'red',
    title,
    message: busy && retry ? createElement(RetryMessage, { message, onRetry }) : message,
    autoClose: busy && retry ? false : 8000,
    closeButtonProps: { 'aria-label': 'Dismiss' },
  });
}

export function notifySaved(message: string) {
  notifications.show({ color: 'teal', title: 'Saved', message, autoClose: 3000, closeButtonProps: { 'aria-label': 'Dismiss' } });
}

/**
 * Puts the server's field issues on the form's fields (e.g. a duplicate production URL).
 * Returns the message for the form-level alert when the error is not about a known field.
 */
export function applyServerError<T extends FieldValues>(err: unknown, setError: UseFormSetError<T>, fields: readonly string[]): string | null {
  if (err instanceof WorkbenchError && err.details?.issues?.length) {
    let unplaced = false;
    for (const issue of err.details.issues) {
      if (fields.includes(issue.path)) setError(issue.path as Path<T>, { type: 'server', message: issue.message });
      else unplaced = true;
    }
    return unplaced ? err.message : null;
  }
  return errorMessage(err);
}

/** The message of the error's first field issue, or its own message: for one-field dialogs. */
export function firstIssueMessage(err: unknown): string {
  if (err instanceof WorkbenchError) return err.details?.issues?.[0]?.message ?? err.message;
  return errorMessage(err);
}

/** Field issues by path, for forms that show each on its field. */
export function issuesByPath(err: unknown): Record<string, string> {
  return err instanceof WorkbenchError && err.details?.issues ? Object.fromEntries(err.details.issues.map((i) => [i.path, i.message])) : {};
}
