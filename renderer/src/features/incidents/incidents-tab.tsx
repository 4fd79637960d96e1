import { Alert, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Incident } from '@core/contract/incidents';
import { SEVERITIES } from '@core/contract/incidents';
import type { Site } from '@core/contract/sites';
import { WORKFLOW_LABEL, WORKFLOWS } from '@core/playbook/schema';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { DateField } from '../../lib/date-field';
import { formatDateTime } from '../../lib/format';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { PersonSelect } from '../people/person-select';
import { useAddIncidentNote, useOpenIncident, useResolveIncident } from './mutations';
import { incidentQueries } from './queries';

const SEVERITY_COLOR: Record<Incident['severity'], string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

function OpenDialog({ site, onClose, onOpened }: { site: Site; onClose: () => void; onOpened: (id: string) => void }) {
  // This machine's local day and time now, as the form's starting point.
  const [today, nowTime] = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16).split('T') as [string, string];
  const [day, setDay] = useState(today);
  const [time, setTime] = useState(nowTime);
  const [initial] = useState(() => ({
    severity: 'high',
    title: '',
    whatHappened: '',
    affectedWorkflow: '',
    affectedUser: '',
    screen: '',
    prompt: '',
    approvalState: '',
    affectedRecords: '',
  }));
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  const input = () => ({
    siteId: site.id,
    ...v,
    occurredAt: /^\d{4}-\d{2}-\d{2}$/.test(day) && time ? new Date(`${day}T${time}`).toISOString() : '',
    severity: v.severity as Incident['severity'],
    affectedWorkflow: v.affectedWorkflow as Incident['affectedWorkflow'],
  });
  const open = useOpenIncident({
    onSuccess: (inc) => {
      notifySaved('Incident opened. Pause the affected workflow first if you have not.');
      onOpened(inc.id);
    },
    onError: (e) => {
      setErrors(issuesByPath(e));
      setFormError(errorMessage(e));
    },
  });
  useUnsavedChanges({
    label: 'the incident being opened',
    dirty: !open.isSuccess && JSON.stringify(v) !== JSON.stringify(initial),
    save: () =>
      open.mutateAsync(input()).then(
        () => true,
        () => false,
      ),
    discard: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={`Open an incident on “${site.name}”`} size="xl">
      <Stack>
        <Alert color="orange">First pause the affected workflow, agent, tool or publishing path. Then record what happened while the evidence is fresh.</Alert>
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Severity"
            data={SEVERITIES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))}
            value={v.severity}
            onChange={(x) => setV({ ...v, severity: x ?? 'high' })}
            allowDeselect={false}
            error={errors.severity}
          />
          <Select
            label="Affected workflow"
            data={WORKFLOWS.map((w) => ({ value: w, label: WORKFLOW_LABEL[w] }))}
            value={v.affectedWorkflow || null}
            onChange={(x) => setV({ ...v, affectedWorkflow: x ?? '' })}
            error={errors.affectedWorkflow}
          />
          <Group gap="xs" align="flex-start" grow wrap="nowrap">
            <DateField label="When it happened" value={day} onChange={setDay} maxDate={today} required error={errors.occurredAt} />
            <TimeInput
              label="Time"
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
              required
              error={day && !time ? 'Time is required: write it as 14:30 (24-hour clock).' : undefined}
            />
          </Group>
        </SimpleGrid>
        <TextInput label="Title" value={v.title} onChange={set('title')} error={errors.title} />
        <Textarea label="What happened" autosize minRows={3} value={v.whatHappened} onChange={set('whatHappened')} error={errors.whatHappened} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="User" value={v.affectedUser} onChange={set('affectedUser')} error={errors.affectedUser} />
          <TextInput label="Screen" value={v.screen} onChange={set('screen')} error={errors.screen} />
          <TextInput label="Approval state" value={v.approvalState} onChange={set('approvalState')} error={errors.approvalState} />
          <TextInput label="Affected records" value={v.affectedRecords} onChange={set('affectedRecords')} error={errors.affectedRecords} />
        </SimpleGrid>
        <Textarea
          label="Prompt"
          description="Copy the prompt as it was; remove any secret first."
          autosize
          minRows={2}
          value={v.prompt}
          onChange={set('prompt')}
          error={errors.prompt}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={() => open.mutate(input())} loading={open.isPending}>
            Open incident
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DetailDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const inc = useQuery(incidentQueries.get(id));
  const [note, setNote] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [check, setCheck] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const addNote = useAddIncidentNote({
    onSuccess: () => setNote(''),
    onError: (e) => setErrors(issuesByPath(e)),
  });
  const resolve = useResolveIncident({
    onSuccess: () => {
      setErrors({});
      notifySaved('Incident resolved.');
    },
    onError: (e) => setErrors({ ...issuesByPath(e), form: errorMessage(e) }),
  });
  const d = inc.data;
  if (!d) return null;
  const evidence: [string, string | null][] = [
    ['When', formatDateTime(d.occurredAt)],
    ['Workflow', WORKFLOW_LABEL[d.affectedWorkflow]],
    ['User', d.affectedUser],
    ['Screen', d.screen],
    ['Approval state', d.approvalState],
    ['Affected records', d.affectedRecords],
    ['Prompt', d.prompt],
  ];
  return (
    <Modal opened onClose={onClose} title={d.title} size="xl">
      <Stack>
        <Group gap="xs">
          <Badge color={SEVERITY_COLOR[d.severity]} tt="none">
            {d.severity}
          </Badge>
          <Badge color={d.status === 'open' ? 'red' : 'teal'} variant="light" tt="none">
            {d.status}
          </Badge>
        </Group>
        <Text size="sm">{d.whatHappened}</Text>
        <Table aria-label="Evidence">
          <Table.Tbody>
            {evidence.map(([k, val]) => (
              <Table.Tr key={k}>
                <Table.Td w={160}>
                  <Text size="sm" fw={600}>
                    {k}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{val ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Paper withBorder p="sm" data-testid="escalation-path">
          <Title order={3} size="h6" mb={4}>
            Escalation path
          </Title>
          {d.escalationPath.map((e, i) => (
            <Text size="sm" key={e.responsibility}>
              {i + 1}. {e.label}:{' '}
              {e.ownerName ? (
                `${e.ownerName} (${e.ownerEmail})${e.backupName ? `, backup ${e.backupName}` : ''}`
              ) : (
                <Text span c="red.9" fw={600}>
                  no owner assigned
                </Text>
              )}
            </Text>
          ))}
        </Paper>
        <Title order={3} size="h6">
          Timeline
        </Title>
        <Timeline bulletSize={12}>
          {d.events.map((e) => (
            <Timeline.Item key={e.id} title={<Text size="sm">{e.text}</Text>}>
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at)} · {e.actor}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
        {d.status === 'open' ? (
          <>
            <Group align="flex-end">
              <TextInput label="Add to the timeline" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.text} style={{ flex: 1 }} />
              <Button variant="default" onClick={() => addNote.mutate({ id, text: note })} loading={addNote.isPending} disabled={!note.trim()}>
                Add
              </Button>
            </Group>
            <Paper withBorder p="sm">
              <Title order={3} size="h6" mb={4}>
                Resolve
              </Title>
              <Text size="xs" c="dimmed" mb="xs">
                Restart the workflow only after a prevention owner is named and a regression check is done.
              </Text>
              {errors.form && !errors.preventionOwnerId && !errors.regressionCheck ? (
                <Alert color="red" mb="xs">
                  {errors.form}
                </Alert>
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <PersonSelect label="Prevention owner" value={owner} onChange={setOwner} error={errors.preventionOwnerId} />
                <TextInput label="Regression check" value={check} onChange={(e) => setCheck(e.currentTarget.value)} error={errors.regressionCheck} />
              </SimpleGrid>
              <Group justify="flex-end" mt="sm">
                <Button onClick={() => resolve.mutate({ id, preventionOwnerId: owner ?? '', regressionCheck: check })} loading={resolve.isPending}>
                  Resolve incident
                </Button>
              </Group>
            </Paper>
          </>
        ) : (
          <Alert color="teal">
            Resolved {formatDateTime(d.resolvedAt)} by {d.resolvedBy}. Prevention owner: {d.preventionOwnerName}. Regression check: {d.regressionCheck}
          </Alert>
        )}
      </Stack>
    </Modal>
  );
}

export function IncidentsTab({ site }: { site: Site }) {
  const list = useQuery(incidentQueries.list(site.id));
  const [opening, setOpening] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Stack>
      <Group justify="flex-end">
        <Button color="red" variant="light" onClick={() => setOpening(true)}>
          Open incident
        </Button>
      </Group>
      <Paper withBorder>
        <Table aria-label="Incidents" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Incident</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Workflow</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((i) => (
              <Table.Tr key={i.id} className="rw-row" onClick={() => setShown(i.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && setShown(i.id)}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {i.title}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={SEVERITY_COLOR[i.severity]} tt="none">
                    {i.severity}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{WORKFLOW_LABEL[i.affectedWorkflow]}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(i.occurredAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={i.status === 'open' ? 'red' : 'teal'} variant="light" tt="none">
                    {i.status}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.isSuccess && list.data.length === 0 ? (
          <Text p="lg" ta="center" c="dimmed">
            No incidents recorded. When AI-assisted work goes wrong: pause first, then open an incident here.
          </Text>
        ) : null}
      </Paper>
      {opening ? (
        <OpenDialog
          site={site}
          onClose={() => setOpening(false)}
          onOpened={(id) => {
            setOpening(false);
            setShown(id);
          }}
        />
      ) : null}
      {shown ? <DetailDialog id={shown} onClose={() => setShown(null)} /> : null}
    </Stack>
  );
}
