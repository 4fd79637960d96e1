import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { PersonCreate, type Person } from '@core/contract/people';
import { ROLE_LABEL, type OperatorRole } from '@core/playbook/schema';
import { REMINDER_CHANNELS, REMINDER_CHANNEL_LABEL, type ReminderChannel } from '@core/domain/reminders';
import { ArchivedFilterControl, archivedFilterOf, DirectoryPage, useDirectoryEditing, type ArchivedFilter } from '../../lib/directory-page';
import { applyServerError, notifyError, notifySaved } from '../../lib/errors';
import { ImportExportActions } from '../portfolio/export-menu';
import { useDebounced } from '../../lib/use-debounced';
import { ClientSelect } from '../clients/client-select';
import { useArchivePerson, useSavePerson } from './mutations';
import { peopleQueries } from './queries';

type PersonInput = z.input<typeof PersonCreate>;
type PersonOutput = z.output<typeof PersonCreate>;
const FIELDS = ['name', 'email', 'organisation', 'clientId', 'phone', 'active', 'reminderChannel', 'quietHoursStart', 'quietHoursEnd'] as const;

/** One line of a cell; the whole text on hover when it is cut. */
function Cell({ text, dimmed, strong }: { text: string; dimmed?: boolean; strong?: boolean }) {
  return (
    <Text size="sm" truncate="end" title={text} c={dimmed ? 'dimmed' : undefined} fw={strong ? 500 : undefined}>
      {text}
    </Text>
  );
}

function PersonDialog({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const save = useSavePerson();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PersonInput, unknown, PersonOutput>({
    resolver: zodResolver(PersonCreate),
    defaultValues: {
      name: person?.name ?? '',
      email: person?.email ?? '',
      organisation: person?.organisation ?? 'agency',
      clientId: person?.clientId ?? '',
      phone: person?.phone ?? '',
      active: person?.active ?? true,
      reminderChannel: person?.reminderChannel ?? 'desktop',
      quietHoursStart: person?.quietHoursStart ?? '',
      quietHoursEnd: person?.quietHoursEnd ?? '',
    },
  });
  const org = form.watch('organisation');
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async (values) => {
    try {
      const saved = await save.mutateAsync({ person, values });
      notifySaved(`${saved.name} saved.`);
      onClose();
    } catch (e) {
      setFormError(applyServerError(e, form.setError, FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={person ? `Edit ${person.name}` : 'New person'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextInput label="Name" required data-autofocus {...form.register('name')} error={errors.name?.message} />
          <TextInput label="Email" required type="email" {...form.register('email')} error={errors.email?.message} />
          <Controller
            control={form.control}
            name="organisation"
            render={({ field }) => (
              <Select
                label="Organisation"
                data={[
                  { value: 'agency', label: 'Agency' },
                  { value: 'client', label: 'Client' },
                ]}
                value={field.value}
                allowDeselect={false}
                onChange={(v) => {
                  field.onChange(v);
                  if (v === 'agency') form.setValue('clientId', '');
                }}
                error={errors.organisation?.message}
              />
            )}
          />
          {org === 'client' ? (
            <Controller
              control={form.control}
              name="clientId"
              render={({ field, fieldState }) => (
                <ClientSelect
                  label="Client"
                  required
                  value={(field.value as string) || null}
                  selectedName={person?.clientName}
                  onChange={(v) => field.onChange(v ?? '')}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : null}
          <TextInput label="Phone" placeholder="+44 20 7946 0000" {...form.register('phone')} error={errors.phone?.message} />
          <Controller
            control={form.control}
            name="reminderChannel"
            render={({ field }) => (
              <Select
                label="Reminders"
                description="How this person hears about the reviews they own."
                data={REMINDER_CHANNELS.map((c) => ({ value: c, label: REMINDER_CHANNEL_LABEL[c] }))}
                value={field.value ?? 'desktop'}
                allowDeselect={false}
                onChange={(v) => field.onChange((v ?? 'desktop') as ReminderChannel)}
                error={errors.reminderChannel?.message}
              />
            )}
          />
          <SimpleGrid cols={2} spacing="sm">
            <TimeInput
              label="Quiet hours start"
              description="Both empty: no quiet hours."
              {...form.register('quietHoursStart')}
              error={errors.quietHoursStart?.message}
            />
            <TimeInput label="Quiet hours end" description="May be after midnight." {...form.register('quietHoursEnd')} error={errors.quietHoursEnd?.message} />
          </SimpleGrid>
          <Controller
            control={form.control}
            name="active"
            render={({ field }) => (
              <Switch label="Active (can be assigned as an owner)" checked={field.value ?? true} onChange={(e) => field.onChange(e.currentTarget.checked)} />
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              {person ? 'Save person' : 'Add person'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function PeoplePage() {
  const [params] = useSearchParams();
  // `?q=` and `?archived=` open the page on one person (the command palette links here so).
  const linkedSearch = params.get('q');
  const linkedArchived = params.get('archived');
  const [search, setSearch] = useState(linkedSearch ?? '');
  const [organisation, setOrganisation] = useState<string>('all');
  const [archived, setArchived] = useState<ArchivedFilter>(archivedFilterOf(linkedArchived));
  useEffect(() => {
    if (linkedSearch === null) return;
    setSearch(linkedSearch);
    setArchived(archivedFilterOf(linkedArchived));
  }, [linkedSearch, linkedArchived]);
  const { editing, setEditing, close } = useDirectoryEditing<Person>();
  const debounced = useDebounced(search);
  const q = useInfiniteQuery(
    peopleQueries.page({ search: debounced || undefined, organisation: organisation === 'all' ? undefined : (organisation as 'agency' | 'client'), archived }),
  );
  const toggle = useArchivePerson({
    onSuccess: (p) => notifySaved(p.archivedAt ? `${p.name} archived.` : `${p.name} restored.`),
    onError: (e) => notifyError(e, 'Not changed'),
  });
  return (
    <DirectoryPage
      title="People"
      count={(total) => `${total.toLocaleString()} ${total === 1 ? 'person' : 'people'}`}
      newLabel="New person"
      onNew={() => setEditing('new')}
      maw={1200}
      filters={
        <>
          <TextInput
            label="Search people"
            placeholder="Name, email or client"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={280}
            data-page-search
          />
          <Select
            label="Organisation"
            value={organisation}
            onChange={(v) => setOrganisation(v ?? 'all')}
            allowDeselect={false}
            data={[
              { value: 'all', label: 'Agency and client' },
              { value: 'agency', label: 'Agency' },
              { value: 'client', label: 'Client' },
            ]}
            w={180}
          />
          <ArchivedFilterControl label="Archived people" value={archived} onChange={setArchived} />
          <ImportExportActions what="people" />
        </>
      }
      query={q}
      tableLabel="People"
      // Fixed columns that fit the window: long names and e-mails are cut with the whole text on hover.
      layout="fixed"
      columns={
        <>
          <Table.Th style={{ width: '15%' }}>Name</Table.Th>
          <Table.Th style={{ width: '17%' }}>Email</Table.Th>
          <Table.Th style={{ width: '12%' }}>Organisation</Table.Th>
          <Table.Th style={{ width: '9%' }}>Phone</Table.Th>
          <Table.Th style={{ width: '12%' }}>Reminders</Table.Th>
          <Table.Th style={{ width: '9rem' }} ta="right" title="Owner responsibilities (main or backup) on active sites">
            Responsibilities
          </Table.Th>
          <Table.Th>SophMate roles</Table.Th>
        </>
      }
      actionsWidth={150}
      compact
      cells={(p) => (
        <>
          <Table.Td>
            <Cell text={p.name} strong />
            {!p.active || p.archivedAt ? (
              <Group gap={4}>
                {!p.active ? (
                  <Badge size="xs" color="gray">
                    inactive
                  </Badge>
                ) : null}
                {p.archivedAt ? (
                  <Badge size="xs" color="gray" variant="outline">
                    archived
                  </Badge>
                ) : null}
              </Group>
            ) : null}
          </Table.Td>
          <Table.Td>
            <Cell text={p.email} />
          </Table.Td>
          <Table.Td>
            <Cell text={p.organisation === 'agency' ? 'Agency' : `Client: ${p.clientName ?? '—'}`} />
          </Table.Td>
          <Table.Td>
            <Cell text={p.phone ?? '—'} dimmed />
          </Table.Td>
          <Table.Td>
            {/* The channel, and under it the quiet hours when there are any. */}
            <Cell text={REMINDER_CHANNEL_LABEL[p.reminderChannel]} />
            {p.quietHoursStart && p.quietHoursEnd ? (
              <Text size="xs" c="dimmed" truncate="end" title={`Quiet hours ${p.quietHoursStart}–${p.quietHoursEnd}`}>
                Quiet {p.quietHoursStart}–{p.quietHoursEnd}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td ta="right">
            <Text size="sm" title={`${p.assignmentCount} responsibilit${p.assignmentCount === 1 ? 'y' : 'ies'} (main or backup owner) on active sites`}>
              {p.assignmentCount}
            </Text>
          </Table.Td>
          <Table.Td>
            {/* Wraps rather than cuts: role and number of sites, e.g. "Editor (3)". */}
            <Text
              size="sm"
              lineClamp={2}
              title={
                p.operatorRoles.map((r) => `${ROLE_LABEL[r.role as OperatorRole] ?? r.role} on ${r.sites} site${r.sites === 1 ? '' : 's'}`).join('\n') ||
                undefined
              }
            >
              {p.operatorRoles.length ? p.operatorRoles.map((r) => `${ROLE_LABEL[r.role as OperatorRole] ?? r.role} (${r.sites})`).join(', ') : '—'}
            </Text>
          </Table.Td>
        </>
      )}
      archiveName={(p) => p.name}
      archiveText="Archived people leave pickers; their past assignments stay in history."
      restoreText="They can be assigned as an owner again."
      onEdit={setEditing}
      onToggleArchive={(p) => toggle.mutate(p)}
      empty={
        debounced || archived !== 'active' || organisation !== 'all'
          ? 'Nobody matches.'
          : 'No people yet: add the agency team and client contacts who will own each responsibility.'
      }
    >
      {editing ? <PersonDialog person={editing === 'new' ? null : editing} onClose={close} /> : null}
    </DirectoryPage>
  );
}
