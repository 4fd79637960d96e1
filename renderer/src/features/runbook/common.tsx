/** Wording and small pieces shared by the runbook's facts, lists and backups. */
import { Alert, Badge, Button, Group } from '@mantine/core';
import type { RunbookView } from '@core/contract/runbook';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { scopeKind, type RunbookScope, type RunbookScopeKind } from '@core/runbook/registry';
import { errorMessage } from '../../lib/errors';

export type Source = RunbookScopeKind | 'default';

/** Where an inherited fact or list comes from, as the badge beside it says. */
export const INHERITED_FROM: Record<Source, string> = {
  workspace: 'From the agency template',
  client: 'From the client',
  site: 'Set for this site',
  default: 'Built-in default',
};

/** What "this" scope is called in buttons: "Set for this site", "Customise for this client". */
export function scopeNoun(scope: RunbookScope): string {
  const kind = scopeKind(scope);
  return kind === 'site' ? 'this site' : kind === 'client' ? 'this client' : 'the template';
}

/** "for this site", "for this client", "in the template": the end of "Set …" and "Customise …". */
export function forScope(scope: RunbookScope): string {
  const kind = scopeKind(scope);
  return kind === 'workspace' ? 'in the template' : `for ${scopeNoun(scope)}`;
}

/** The badge of a value or a list: set here, inherited from a level, or not recorded anywhere. */
export function SourceBadge({ source, scope }: { source: Source | null; scope: RunbookScope }) {
  if (!source)
    return (
      <Badge color="red" variant="light" tt="none" style={{ flexShrink: 0 }}>
        Not recorded
      </Badge>
    );
  if (source === scopeKind(scope))
    return (
      <Badge color="blue" variant="light" tt="none" style={{ flexShrink: 0 }}>
        {scopeKind(scope) === 'workspace' ? 'Set in the template' : `Set for ${scopeNoun(scope)}`}
      </Badge>
    );
  return (
    <Badge color="gray" variant="light" tt="none" style={{ flexShrink: 0 }}>
      {INHERITED_FROM[source]}
    </Badge>
  );
}

/** Field issues of a runbook write, by the part of the path after `prefix` (values.<key>, items.<i>.<field>). */
export function issuesUnder(err: unknown, prefix: string): Record<string, string> {
  if (!(err instanceof WorkbenchError) || !err.details?.issues) return {};
  const out: Record<string, string> = {};
  for (const i of err.details.issues) if (i.path.startsWith(prefix)) out[i.path.slice(prefix.length)] = i.message;
  return out;
}

export function isStale(err: unknown): boolean {
  return err instanceof WorkbenchError && err.code === ErrorCode.STALE_VERSION;
}

/** A form-level problem: a changed-since-read refusal offers to reload; anything else says itself. */
export function FormProblem({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" mb="sm">
      {isStale(error) ? (
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <span>{errorMessage(error)}</span>
          <Button size="xs" variant="default" onClick={onReload}>
            Reload
          </Button>
        </Group>
      ) : (
        errorMessage(error)
      )}
    </Alert>
  );
}

export const listOf = (view: RunbookView, list: string) => view.lists.find((l) => l.list === list)!;
