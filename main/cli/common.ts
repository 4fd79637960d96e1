/** What the CLI's commands share: the error for bad arguments (exit code 2) and a channel call. */
import type { Session } from '../session';

/** Bad arguments or a refusal to print as it is: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Calls a channel through the registry (validation, faults, the same code as the app); a refusal becomes a UsageError. */
export async function call(session: Session, channel: Parameters<Session['dispatch']>[0], input: unknown): Promise<unknown> {
  const result = await session.dispatch(channel, input);
  if (!result.ok) throw new UsageError(result.error.message);
  return result.value;
}
