/**
 * Error codes that cross the RPC boundary. The renderer, the CLI and tests branch on the code;
 * the message is written for the person using the app.
 */
export const ErrorCode = {
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL',
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  /** A uniqueness rule would be broken (same production URL, same email, same client name...). */
  DUPLICATE: 'DUPLICATE',
  /** The record changed since the caller read it (optimistic concurrency on `version`). */
  STALE_VERSION: 'STALE_VERSION',
  /** The action is refused by a domain rule (archived parent, inactive person...). */
  REFUSED: 'REFUSED',
  /** A readiness gate is not met; details.reasons lists why, in plain words. */
  GATE_BLOCKED: 'GATE_BLOCKED',
  /** Another program holds the workspace's write lock; nothing was saved, trying again later may work. */
  BUSY: 'BUSY',
  /** The disk (or the user's quota) is full; nothing was saved. */
  DISK_FULL: 'DISK_FULL',
  /** The workspace is open read-only (file, folder or media not writable, or opened so); nothing was saved. */
  READ_ONLY: 'READ_ONLY',
  /** The operating system refused access to a file or folder. */
  PERMISSION: 'PERMISSION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN_ORIGIN: 'FORBIDDEN_ORIGIN',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldIssue {
  /** Dotted path of the field, e.g. `productionUrl` or `owners.0.email`. Empty for the whole input. */
  path: string;
  message: string;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[]; [key: string]: unknown };
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Thrown by services and handlers for refusals the user must see; becomes a WireError unchanged. */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly details?: WireError['details'];
  constructor(code: ErrorCode, message: string, details?: WireError['details']) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
    this.details = details;
  }
  toWire(): WireError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
  static fromWire(error: WireError): WorkbenchError {
    return new WorkbenchError(error.code, error.message, error.details);
  }
  /** The issue for one field, if the error carries field issues. */
  issueFor(path: string): string | undefined {
    return this.details?.issues?.find((i) => i.path === path)?.message;
  }
}

export function isWorkbenchError(e: unknown): e is WorkbenchError {
  return e instanceof WorkbenchError;
}
