/**
 * A site's backups and restore rehearsals: the last backup, the rehearsal history, and whether they
 * are recent enough for the rollback plan to count as current (the limits are in Settings).
 */
import { Alert, Badge, Button, Group, List, Modal, NumberInput, Paper, Radio, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { RunbookView } from '@core/contract/runbook';
import { REHEARSAL_OUTCOME_LABEL, type RehearsalOutcome } from '@core/runbook/registry';
import { RUNBOOK_WHERE } from '@core/runbook/where';
import { DateField } from '../../lib/date-field';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { PersonSelect } from '../people/person-select';
import { useRecordBackup, useRecordRehearsal } from './mutations';
import { runbookQueries } from './queries';

/** Today on this computer's calendar (YYYY-MM-DD): nothing is recorded as done on a later day. */
function localToday(): string {
  return new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

const OUTCOME_COLOR: Record<RehearsalOutcome, string> = { passed: 'teal', failed: 'red', unknown: 'gray' };

export function OutcomeBadge({ outcome }: { outcome: RehearsalOutcome }) {
  return (
    <Badge color={OUTCOME_COLOR[outcome]} variant="light" tt="none">
      {REHEARSAL_OUTCOME_LABEL[outcome]}
    </Badge>
  );
}

/** Records a restore rehearsal: day, outcome, duration, who did it, and (when it failed) what failed. */
export function RecordRehearsalDialog({ siteId, onClose }: { siteId: string; onClose: () => void }) {
  const today = localToday();
  const [day, setDay] = useState(today);
  const [outcome, setOutcome] = useState<'passed' | 'failed' | null>(null);
  const [minutes, setMinutes] = useState<number | string>('');
  const [personId, setPersonId] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const record = useRecordRehearsal({
    onSuccess: (_, input) => {
      notifySaved(
        input.outcome === 'passed' ? 'Passed rehearsal recorded.' : 'Failed rehearsal recorded: the write-capable gate stays closed until a passed one.',
      );
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? null : errorMessage(e));
    },
  });
  useUnsavedChanges({
    label: 'the rehearsal being recorded',
    dirty: outcome !== null || minutes !== '' || personId !== null || notes !== '',
    discard: onClose,
  });
  const submit = () => {
    const missing: Record<string, string> = {};
    if (!day) missing.rehearsedOn = 'Rehearsed on: choose the day of the rehearsal.';
    if (!outcome) missing.outcome = 'Outcome: choose whether the restore worked (passed) or not (failed).';
    if (minutes === '') missing.durationMinutes = 'Duration: write how many minutes the restore took, e.g. 45.';
    if (!personId) missing.performedById = 'Who rehearsed: choose the person who did the restore.';
    if (outcome === 'failed' && !notes.trim()) missing.notes = 'Say what failed in the rehearsal notes: the next rehearsal starts from it.';
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length) return;
    record.mutate({ siteId, rehearsedOn: day, outcome: outcome!, durationMinutes: Number(minutes), performedById: personId!, notes: notes.trim() || null });
  };
  return (
    <Modal opened onClose={onClose} title="Record a restore rehearsal" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          A rehearsal is a full restore of the site’s backup on staging, timed, followed by the rollback plan’s checks.
        </Text>
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label="Rehearsed on" value={day} onChange={setDay} maxDate={today} required error={errors.rehearsedOn} />
          <NumberInput
            label="Duration (minutes)"
            description="From starting the restore to a working site."
            value={minutes}
            onChange={setMinutes}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            required
            error={errors.durationMinutes}
          />
        </SimpleGrid>
        <Radio.Group label="Outcome" value={outcome} onChange={(v) => setOutcome(v as 'passed' | 'failed')} required error={errors.outcome}>
          <Group mt={6}>
            <Radio value="passed" label="Passed: the site worked again and the checks passed" />
            <Radio value="failed" label="Failed" />
          </Group>
        </Radio.Group>
        <PersonSelect label="Who rehearsed" placeholder="Choose a person" value={personId} onChange={setPersonId} required error={errors.performedById} />
        <Textarea
          label="Notes"
          description={outcome === 'failed' ? 'Required: what failed, so the next rehearsal starts from it.' : 'What was learnt; what to change in the plan.'}
          autosize
          minRows={2}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          required={outcome === 'failed'}
          error={errors.notes}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={record.isPending}>
            {RUNBOOK_WHERE.recordRehearsal}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CurrencyAlert({ currency }: { currency: NonNullable<RunbookView['currency']> }) {
  const problems = [currency.backupProblem, currency.rehearsalProblem].filter((p): p is string => Boolean(p));
  if (problems.length)
    return (
      <Alert color="orange" title="The rollback plan does not count as current" data-testid="rollback-currency">
        <List size="sm">
          {problems.map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      </Alert>
    );
  return (
    <Alert color="teal" title="The rollback plan counts as current" data-testid="rollback-currency">
      <Text size="sm">
        A backup of {currency.lastBackupOn} (at most {currency.maxBackupAgeDays} days old counts) and a passed rehearsal
        {currency.lastRehearsal ? ` on ${currency.lastRehearsal.rehearsedOn}` : ''} (at most {currency.maxRehearsalAgeDays} days old counts).
      </Text>
    </Alert>
  );
}

/** `knownGood`: the site's known-good state, shown first (the documents feature reads and records it). */
export function BackupsCard({ siteId, disabled, knownGood }: { siteId: string; disabled?: boolean; knownGood?: ReactNode }) {
  const view = useQuery(runbookQueries.get({ siteId }));
  const rehearsals = useQuery(runbookQueries.rehearsals(siteId));
  const today = localToday();
  const [backupDay, setBackupDay] = useState(today);
  const [backupError, setBackupError] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const backup = useRecordBackup({
    onSuccess: (_, input) => {
      setBackupError(null);
      notifySaved(`Backup of ${input.takenOn} recorded.`);
    },
    onError: (e) => setBackupError(issuesByPath(e).takenOn ?? errorMessage(e)),
  });
  const currency = view.data?.currency;
  return (
    <Paper withBorder p="md" data-testid="backups-and-rehearsals">
      <Title order={3} size="h5">
        {RUNBOOK_WHERE.backupsAndRehearsals}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The rollback plan counts as current only with a recent backup and a recent passed restore rehearsal (the limits are in Settings). A failed rehearsal
        keeps write-capable workflows closed until a passed one is recorded.
      </Text>
      {knownGood}
      {view.isError ? <QueryError error={view.error} /> : null}
      {view.isPending ? <QueryLoading /> : null}
      {currency ? (
        <Stack>
          <CurrencyAlert currency={currency} />
          <div>
            <Title order={4} size="h6">
              Last backup
            </Title>
            <Text size="sm" data-testid="last-backup">
              {currency.lastBackupOn ? `Taken on ${currency.lastBackupOn}.` : 'No backup recorded yet.'}
            </Text>
          </div>
          <Group align="flex-start">
            <DateField label="Backup taken on" value={backupDay} onChange={setBackupDay} maxDate={today} required error={backupError} disabled={disabled} />
            <Button
              mt={25}
              variant="default"
              onClick={() => {
                setBackupError(null);
                if (!backupDay) return setBackupError('Backup taken on: choose the day the backup was taken.');
                backup.mutate({ siteId, takenOn: backupDay });
              }}
              loading={backup.isPending}
              disabled={disabled}
            >
              {RUNBOOK_WHERE.recordBackup}
            </Button>
          </Group>
          <Group justify="space-between" align="flex-end">
            <Title order={4} size="h6">
              Restore rehearsals
            </Title>
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setDialog(true)} disabled={disabled}>
              {RUNBOOK_WHERE.recordRehearsal}
            </Button>
          </Group>
          {rehearsals.isError ? <QueryError error={rehearsals.error} /> : null}
          {rehearsals.data?.length ? (
            <Table layout="fixed" aria-label="Restore rehearsals" data-testid="rehearsals">
              <colgroup>
                <col style={{ width: 120 }} />
                <col style={{ width: 190 }} />
                <col style={{ width: 100 }} />
                <col style={{ width: 170 }} />
                <col />
              </colgroup>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Day</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Notes</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rehearsals.data.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.rehearsedOn}</Table.Td>
                    <Table.Td>
                      <OutcomeBadge outcome={r.outcome} />
                    </Table.Td>
                    <Table.Td>{r.durationMinutes === null ? '—' : `${r.durationMinutes} min`}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.performedBy ?? '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.notes ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : rehearsals.data ? (
            <Text size="sm" c="dimmed">
              No restore rehearsal recorded yet.
            </Text>
          ) : null}
        </Stack>
      ) : null}
      {dialog ? <RecordRehearsalDialog siteId={siteId} onClose={() => setDialog(false)} /> : null}
    </Paper>
  );
}
