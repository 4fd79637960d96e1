import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { OVERRIDE_REASON_MIN_LENGTH, overrideReasonShortBy } from '@core/contract/fields';
import type { Operator } from '@core/contract/operators';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, WRITE_CAPABLE_WORKFLOWS, type Workflow } from '@core/playbook/schema';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { OverrideReasonHint } from '../../lib/override-hint';
import { useGrantAccess } from './mutations';

export const names = (ws: readonly Workflow[]) => ws.map((w) => WORKFLOW_LABEL[w]).join(', ');

/**
 * Choose the workflows to give (all that can be given now, by default), try; a refusal lists every
 * reason and offers a logged override.
 */
export function GrantDialog({ op, onClose }: { op: Operator; onClose: () => void }) {
  const offered = op.grantableWorkflows.filter((w) => !op.accessWorkflows.includes(w));
  const [chosen, setChosen] = useState<Workflow[]>(offered);
  const [refusal, setRefusal] = useState<{ message: string; missing: string[]; blocked: string[] } | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const grant = useGrantAccess({
    onSuccess: (after, { overrideReason }) => {
      notifySaved(
        overrideReason
          ? `Access to ${names(chosen)} granted to ${after.personName} by override; the reason is logged and appears in the site’s documents.`
          : `Access to ${names(chosen)} granted to ${after.personName}.`,
      );
      onClose();
    },
    onError: (e, { overrideReason }) => {
      const byPath = issuesByPath(e);
      if (e instanceof WorkbenchError && e.code === ErrorCode.REFUSED && !overrideReason) {
        const missing = Array.isArray(e.details?.missing) ? (e.details.missing as string[]) : [];
        const blocked = Array.isArray(e.details?.blocked) ? (e.details.blocked as string[]) : [];
        setRefusal({ message: e.message, missing, blocked });
        setFormError(null);
      } else if (byPath.overrideReason || byPath.workflows) {
        setErrors(byPath);
        setFormError(null);
      } else {
        setFormError(errorMessage(e));
      }
    },
  });
  const choose = (ws: Workflow[]) => {
    setChosen(ws);
    // Other workflows, other reasons: the refusal no longer applies.
    setRefusal(null);
    setErrors({});
  };
  const short = overrideReasonShortBy(reason) > 0;
  // The refusal's details carry every reason (`missing` includes the `blocked` ones): each is listed
  // once, under what an override can give or under what it cannot; its message repeats them as prose.
  const overridable = refusal
    ? [...new Set(refusal.missing.length ? refusal.missing.filter((m) => !refusal.blocked.includes(m)) : refusal.blocked.length ? [] : [refusal.message])]
    : [];
  return (
    <Modal opened onClose={onClose} title={`Grant access to ${op.personName} (${ROLE_LABEL[op.role]})`} size="lg">
      <Stack>
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        {op.accessWorkflows.length ? <Text size="sm">Already has access to: {names(op.accessWorkflows)}. A grant adds workflows.</Text> : null}
        {offered.length === 0 ? (
          <Alert color="orange" title="Nothing can be granted yet" data-testid="access-refused">
            <List size="sm">
              {op.missing.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <>
            <Checkbox.Group
              label="Workflows to grant"
              description={`The workflows ${ROLE_LABEL[op.role]}s use that are enabled at this site${op.wordpressRole ? `, as ${op.wordpressRole}` : ''}.`}
              value={chosen}
              onChange={(v) => choose(WORKFLOWS.filter((w) => v.includes(w)))}
              error={errors.workflows}
            >
              <Stack gap={4} mt={6}>
                {offered.map((w) => (
                  <Checkbox key={w} value={w} label={WORKFLOW_LABEL[w]} description={WRITE_CAPABLE_WORKFLOWS.includes(w) ? 'Write-capable' : undefined} />
                ))}
              </Stack>
            </Checkbox.Group>
            {offered.includes('read_only_copilot') && offered.length > 1 ? (
              <Group>
                <Button size="xs" variant="light" onClick={() => choose(['read_only_copilot'])}>
                  Read-only Copilot only
                </Button>
              </Group>
            ) : null}
          </>
        )}
        {refusal ? (
          <>
            <Alert
              color="orange"
              title={`Not granted: ${names(chosen)} for ${op.personName}${overridable.length ? ' still needs' : ''}`}
              data-testid="access-refused"
            >
              {overridable.length ? (
                <List size="sm">
                  {overridable.map((m) => (
                    <List.Item key={m}>{m}</List.Item>
                  ))}
                </List>
              ) : null}
              {refusal.blocked.length ? (
                <div data-testid="no-override">
                  <Text size="sm" fw={600} c="red.9" mt={overridable.length ? 'xs' : 0}>
                    No override can give this:
                  </Text>
                  <List size="sm">
                    {refusal.blocked.map((m) => (
                      <List.Item key={m}>{m}</List.Item>
                    ))}
                  </List>
                </div>
              ) : null}
            </Alert>
            {refusal.blocked.length ? null : (
              <>
                <Textarea
                  label="Override reason"
                  description={`Only if access cannot wait: say why in at least ${OVERRIDE_REASON_MIN_LENGTH} characters. The override is logged and shown in the site’s readiness and documents.`}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.currentTarget.value);
                    setErrors({});
                  }}
                  error={errors.overrideReason}
                  autosize
                  minRows={2}
                />
                <OverrideReasonHint text={reason} />
              </>
            )}
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {refusal || offered.length === 0 ? 'Close' : 'Cancel'}
          </Button>
          {refusal && refusal.blocked.length === 0 ? (
            <Button
              color="red"
              disabled={short || chosen.length === 0}
              loading={grant.isPending}
              onClick={() => grant.mutate({ operatorId: op.id, workflows: chosen, overrideReason: reason })}
            >
              Grant anyway
            </Button>
          ) : offered.length ? (
            <Button disabled={chosen.length === 0} loading={grant.isPending} onClick={() => grant.mutate({ operatorId: op.id, workflows: chosen })}>
              Grant access
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}
