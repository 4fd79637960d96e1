import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconPlayerPause } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Site } from '@core/contract/sites';
import { affectedByPause } from '@core/domain/access-gate';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, WRITE_CAPABLE_WORKFLOWS, type Workflow } from '@core/playbook/schema';
import { firstIssueMessage, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { operatorQueries } from '../operators/queries';
import { usePauseOrResume } from '../pauses/mutations';
import { readinessQueries } from './queries';

/** Shown wherever a paused site appears: who paused what, when and why. */
export function PauseBanner({ site }: { site: Site }) {
  const r = useQuery({ ...readinessQueries.get(site.id), enabled: site.paused });
  const ops = useQuery({ ...operatorQueries.list(site.id), enabled: site.paused });
  if (!site.paused) return null;
  const p = r.data?.pause;
  const affected = p && ops.data ? affectedByPause(ops.data, p.workflows) : [];
  return (
    <Alert color="red" variant="filled" icon={<IconPlayerPause size={18} />} title="High-risk activity is paused" data-testid="pause-banner" role="alert">
      {p ? `${p.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')} paused by ${p.pausedBy} on ${formatDateTime(p.pausedAt)}: ${p.reason}` : 'Loading details…'}
      {p && ops.data ? (
        <Text size="sm" mt={4} data-testid="pause-affected">
          {affected.length
            ? `Operators whose access covers paused workflows: ${affected
                .map(
                  (o) =>
                    `${o.personName} (${ROLE_LABEL[o.role]}: ${o.accessWorkflows
                      .filter((w) => p.workflows.includes(w))
                      .map((w) => WORKFLOW_LABEL[w])
                      .join(', ')})`,
                )
                .join('; ')}. Tell them, and make sure the workflows are paused in SophMate.`
            : 'No operator’s access covers the paused workflows.'}
        </Text>
      ) : null}
    </Alert>
  );
}

/** Granted operators a pause of these workflows would stop, as a list the dialog can show. */
function AffectedOperators({ site, workflows }: { site: Site; workflows: Workflow[] }) {
  const ops = useQuery(operatorQueries.list(site.id));
  if (!ops.data) return null;
  const affected = affectedByPause(ops.data, workflows);
  return (
    <Alert
      color={affected.length ? 'orange' : 'gray'}
      variant="light"
      title={
        affected.length
          ? `This pause affects ${affected.length} operator${affected.length === 1 ? '' : 's'} with access`
          : 'No operator with access is affected'
      }
      data-testid="pause-affected-preview"
    >
      {affected.length ? (
        <List size="sm">
          {affected.map((o) => (
            <List.Item key={o.id}>
              {o.personName} ({ROLE_LABEL[o.role]}):{' '}
              {o.accessWorkflows
                .filter((w) => workflows.includes(w))
                .map((w) => WORKFLOW_LABEL[w])
                .join(', ')}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">{workflows.length ? 'Nobody’s current access covers the chosen workflows.' : 'Choose the workflows to pause.'}</Text>
      )}
    </Alert>
  );
}

export function PauseDialog({ site, onClose }: { site: Site; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [workflows, setWorkflows] = useState<string[]>([...WRITE_CAPABLE_WORKFLOWS]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = usePauseOrResume(site, {
    onSuccess: () => {
      notifySaved(site.paused ? 'High-risk activity resumed.' : 'High-risk activity paused.');
      onClose();
    },
    onError: (e) => setError(firstIssueMessage(e)),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={site.paused ? `Resume high-risk activity on “${site.name}”` : `Pause high-risk activity on “${site.name}”`}
      size="lg"
    >
      <Stack>
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        {site.paused ? (
          <Textarea
            label="Resume note"
            description="What was checked before resuming (prevention owner, regression check)."
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        ) : (
          <>
            <Text size="sm">Record the pause here after pausing the workflows in SophMate, so everyone who opens the site sees it.</Text>
            <Checkbox.Group label="Workflows paused" value={workflows} onChange={setWorkflows}>
              <Stack gap={4} mt={6}>
                {WORKFLOWS.map((w) => (
                  <Checkbox key={w} value={w} label={WORKFLOW_LABEL[w]} description={WRITE_CAPABLE_WORKFLOWS.includes(w) ? 'Write-capable' : undefined} />
                ))}
              </Stack>
            </Checkbox.Group>
            <AffectedOperators site={site} workflows={workflows as Workflow[]} />
            <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={site.paused ? 'indigo' : 'red'}
            loading={act.isPending}
            onClick={() => act.mutate({ reason, workflows: workflows as Workflow[], note })}
          >
            {site.paused ? 'Resume' : 'Pause'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
