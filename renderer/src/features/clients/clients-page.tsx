import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { ClientCreate, type Client } from '../../../../core/contract/clients';
import { ArchiveButton } from '../../lib/archive-button';
import { nextOffset } from '../../lib/paging';
import { applyServerError, notifyError, notifySaved } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { rpc } from '../../lib/rpc';
import { useDebounced } from '../../lib/use-debounced';

function ClientDialog({ client, onClose }: { client: Client | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof ClientCreate>, unknown, z.output<typeof ClientCreate>>({
    resolver: zodResolver(ClientCreate),
    defaultValues: { name: client?.name ?? '', notes: client?.notes ?? '' },
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      const saved = client ? await rpc('clients.update', { ...values, id: client.id, version: client.version }) : await rpc('clients.create', values);
      await qc.invalidateQueries();
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
          {formError ? <Alert color="red" role="alert">{formError}</Alert> : null}
          <TextInput label="Client name" required data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
          <Textarea label="Notes" autosize minRows={3} {...form.register('notes')} error={form.formState.errors.notes?.message} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={form.formState.isSubmitting}>{client ? 'Save client' : 'Create client'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ClientsPage() {
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState<'active' | 'archived' | 'all'>('active');
  const [editing, setEditing] = useState<Client | null | 'new'>(params.get('new') === '1' ? 'new' : null);
  const debounced = useDebounced(search);
  const q = useInfiniteQuery({
    queryKey: ['clients.list', 'page', debounced, archived],
    queryFn: ({ pageParam }) => rpc('clients.list', { search: debounced || undefined, archived, offset: pageParam, limit: 200 }),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
  });
  const toggle = useMutation({
    mutationFn: (c: Client) => rpc(c.archivedAt ? 'clients.restore' : 'clients.archive', { id: c.id, version: c.version }),
    onSuccess: async (c) => {
      await qc.invalidateQueries();
      notifySaved(c.archivedAt ? `“${c.name}” archived.` : `“${c.name}” restored.`);
    },
    onError: (e) => notifyError(e, 'Not changed'),
  });
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  const close = () => {
    setEditing(null);
    if (params.get('new')) setParams({}, { replace: true });
  };
  return (
    <Stack gap="sm" maw={1100}>
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2}>Clients</Title>
          <Text c="dimmed" size="sm">{q.isSuccess ? `${total.toLocaleString()} client${total === 1 ? '' : 's'}` : ''}</Text>
        </Group>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New client</Button>
      </Group>
      <Group align="flex-end">
        <TextInput label="Search clients" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={280} />
        <SegmentedControl aria-label="Archived clients" size="xs" value={archived} onChange={(v) => setArchived(v as typeof archived)} data={[{ value: 'active', label: 'Active' }, { value: 'archived', label: 'Archived' }, { value: 'all', label: 'All' }]} />
      </Group>
      {q.isError ? <Alert color="red">{(q.error as Error).message}</Alert> : null}
      <Paper withBorder>
        <Table aria-label="Clients" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Active sites</Table.Th>
              <Table.Th>Notes</Table.Th>
              <Table.Th>Updated</Table.Th>
              <Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Text size="sm" fw={500}>{c.name}</Text>{c.archivedAt ? <Text size="xs" c="dimmed">Archived</Text> : null}</Table.Td>
                <Table.Td>
                  <Anchor size="sm" href={`#/sites?client=${c.id}&clientName=${encodeURIComponent(c.name)}`}>{c.siteCount} site{c.siteCount === 1 ? '' : 's'}</Anchor>
                </Table.Td>
                <Table.Td><Text size="sm" c="dimmed" lineClamp={1}>{c.notes ?? ''}</Text></Table.Td>
                <Table.Td><Text size="sm" c="dimmed">{formatDate(c.updatedAt)}</Text></Table.Td>
                <Table.Td>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    {!c.archivedAt ? <Button size="xs" variant="default" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>Edit</Button> : null}
                    <ArchiveButton
                      name={`“${c.name}”`}
                      archived={Boolean(c.archivedAt)}
                      archiveText="Archived clients leave lists and pickers; nothing is deleted."
                      restoreText="The client returns to lists and pickers."
                      onConfirm={() => toggle.mutate(c)}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {q.isSuccess && rows.length === 0 ? (
          <Text p="lg" ta="center" c="dimmed">
            {debounced || archived !== 'active' ? 'No client matches.' : 'No clients yet: create the first one, then add its sites.'}
          </Text>
        ) : null}
        {q.hasNextPage ? <Button variant="subtle" m="sm" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>Load more</Button> : null}
      </Paper>
      {editing ? <ClientDialog client={editing === 'new' ? null : editing} onClose={close} /> : null}
    </Stack>
  );
}
