import { ErrorCode, WorkbenchError } from '@core/errors';

export function notFound(what: string, id: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.NOT_FOUND, `${what} ${id} does not exist. It may have been removed on another device; reload the list.`);
}

export function staleVersion(what: string, name: string): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.STALE_VERSION,
    `${what} “${name}” was changed since you opened it. Reload it to see the latest version, then apply your edit again.`,
  );
}

export function duplicate(message: string, field: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.DUPLICATE, message, { issues: [{ path: field, message }] });
}

export function refused(message: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.REFUSED, message);
}

/** A refusal that names the field to change, so a form can show it there. */
export function refusedOn(field: string, message: string, fieldMessage = message): WorkbenchError {
  return new WorkbenchError(ErrorCode.REFUSED, message, { issues: [{ path: field, message: fieldMessage }] });
}
