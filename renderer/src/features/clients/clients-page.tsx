import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ClientCreate, type Client } from '@core/contract/clients';
import { ArchivedFilterControl, DirectoryPage, useDirectoryEditing, type ArchivedFilter } from '../../lib/directory-page';
import { applyServerError, notifyError, notifySaved } from '../../lib/errors';
import { ImportExportActions } from '../portfolio/export-menu';
import { formatDate } from '../../lib/format';
import { useDebounced } from '../../lib/use-debounced';
import { useArchiveClient, useSaveClient } from './mutations';
import { clientQueries } from './queries';
import { ExportBundleButton } from '../bundles/export-button';

function ClientDialog({ client, onClose }: { client: Client | null; onClose: () => void }) {
  const save = useSaveClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof ClientCreate>, unknown, z.output<typeof ClientCreate>>({
    resolver: zodResolver(ClientCreate),
    defaultValues: { name: client?.name ?? '', notes: client?.notes ?? '' },
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      const saved = await save.mutateAsync({ client, values });
      notifySaved(`Client “${saved.name}” saved.`);
      onClose();
    } catch (e) {
      setFormError(applyServerError(e, form.setError, ['name', 'notes']));
    }
  });
  return (
    <Modal opened onClose={onClose} title={client ? `Edit ${client.name}` : 'New client'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextInput label="Client name" required data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
          <Textarea label="Notes" autosize minRows={3} {...form.register('notes')} error={form.formState.errors.notes?.message} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              {client ? 'Save client' : 'Create client'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ClientsPage() {
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState<ArchivedFilter>('active');
  const { editing, setEditing, close } = useDirectoryEditing<Client>();
  const debounced = useDebounced(search);
  const q = useInfiniteQuery(clientQueries.page({ search: debounced || undefined, archived }));
  const toggle = useArchiveClient({
    onSuccess: (c) => notifySaved(c.archivedAt ? `“${c.name}” archived.` : `“${c.name}” restored.`),
    onError: (e) => notifyError(e, 'Not changed'),
  });
  return (
    <DirectoryPage
      title="Clients"
      count={(total) => `${total.toLocaleString()} client${total === 1 ? '' : 's'}`}
      newLabel="New client"
      onNew={() => setEditing('new')}
      maw={1100}
      filters={
        <>
          <TextInput label="Search clients" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={280} />
          <ArchivedFilterControl label="Archived clients" value={archived} onChange={setArchived} />
          <ImportExportActions what="clients" />
        </>
      }
      query={q}
      tableLabel="Clients"
      columns={
        <>
          <Table.Th>Client</Table.Th>
          <Table.Th>Active sites</Table.Th>
          <Table.Th>Notes</Table.Th>
          <Table.Th>Runbook</Table.Th>
          <Table.Th>Handover</Table.Th>
          <Table.Th>Updated</Table.Th>
        </>
      }
      cells={(c) => (
        <>
          <Table.Td>
            <Text size="sm" fw={500}>
              {c.name}
            </Text>
            {c.archivedAt ? (
              <Text size="xs" c="dimmed">
                Archived
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>
            <Anchor size="sm" href={`#/sites?client=${c.id}&clientName=${encodeURIComponent(c.name)}`}>
              {c.siteCount} site{c.siteCount === 1 ? '' : 's'}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed" lineClamp={1}>
              {c.notes ?? ''}
            </Text>
          </Table.Td>
          <Table.Td>
            <Anchor size="sm" href={`#/clients/${c.id}/runbook`} aria-label={`Runbook of ${c.name}`}>
              Runbook
            </Anchor>
          </Table.Td>
          <Table.Td>
            <ExportBundleButton scope={{ kind: 'client', id: c.id }} name={c.name} size="compact-xs" label="Export bundle" />
          </Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed">
              {formatDate(c.updatedAt)}
            </Text>
          </Table.Td>
        </>
      )}
      archiveName={(c) => `“${c.name}”`}
      archiveText="Archived clients leave lists and pickers; nothing is deleted."
      restoreText="The client returns to lists and pickers."
      onEdit={setEditing}
      onToggleArchive={(c) => toggle.mutate(c)}
      empty={debounced || archived !== 'active' ? 'No client matches.' : 'No clients yet: create the first one, then add its sites.'}
    >
      {editing ? <ClientDialog client={editing === 'new' ? null : editing} onClose={close} /> : null}
    </DirectoryPage>
  );
}
