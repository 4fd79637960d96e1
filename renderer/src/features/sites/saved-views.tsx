import { Badge, Button, Group, Menu, Modal, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useGo } from '../../lib/navigation';
import { firstIssueMessage } from '../../lib/errors';
import { canonicalQuery, VIEW_PARAM, viewQueryOf } from './site-filters';
import { useSaveView, useUpdateView } from '../views/mutations';
import { viewQueries } from '../views/queries';

/** The Sites route that shows exactly a saved view's query, remembering which view it came from. */
export function viewRoute(view: { id: string; query: string }): string {
  const params = new URLSearchParams(view.query.replace(/^\?/, ''));
  params.set(VIEW_PARAM, view.id);
  return `/sites?${params.toString()}`;
}

/**
 * Named filters. The picker names the view whose filters the list shows; once the filters differ
 * from the view the list started from, it says "Modified" and offers to update the view, go back
 * to it, or save the filters as a new view.
 */
export function SavedViews({ params }: { params: URLSearchParams }) {
  const navigate = useGo();
  const views = useQuery(viewQueries.list());
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = canonicalQuery(params);
  const list = views.data ?? [];
  const startedFrom = list.find((v) => v.id === params.get(VIEW_PARAM));
  const matching = startedFrom && canonicalQuery(startedFrom.query) === current ? startedFrom : list.find((v) => canonicalQuery(v.query) === current);
  const selected = matching ?? startedFrom ?? null;
  const modified = selected !== null && matching === undefined;

  const save = useSaveView({
    onSuccess: (next) => {
      const saved = next.find((v) => v.name.toLowerCase() === name.trim().toLowerCase());
      setNaming(false);
      setName('');
      setError(null);
      if (saved) navigate(viewRoute(saved), { replace: true });
    },
    onError: (e) => setError(firstIssueMessage(e)),
  });
  const update = useUpdateView();

  return (
    <>
      <Select
        aria-label="Saved views"
        placeholder="Saved views"
        data={list.map((v) => ({ value: v.id, label: v.name }))}
        value={selected?.id ?? null}
        onChange={(id) => {
          const view = list.find((v) => v.id === id);
          if (view) navigate(viewRoute(view));
        }}
        allowDeselect={false}
        w={200}
        nothingFoundMessage="No saved views yet"
        data-testid="saved-views"
      />
      {modified ? (
        <>
          <Tooltip label={`The filters differ from the view “${selected.name}”`}>
            <Badge variant="light" color="yellow" tt="none" data-testid="view-modified">
              Modified
            </Badge>
          </Tooltip>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="light" rightSection={<IconChevronDown size={14} />} loading={update.isPending}>
                View
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => update.mutate({ id: selected.id, query: viewQueryOf(params) })}>Update view “{selected.name}”</Menu.Item>
              <Menu.Item onClick={() => navigate(viewRoute(selected))}>Revert to “{selected.name}”</Menu.Item>
              <Menu.Item onClick={() => setNaming(true)}>Save as new view…</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {update.isError ? (
            <Text size="xs" c="red" role="alert" maw={220}>
              {firstIssueMessage(update.error)}
            </Text>
          ) : null}
        </>
      ) : (
        <Button variant="default" onClick={() => setNaming(true)}>
          Save view
        </Button>
      )}
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this view">
        <Stack>
          <TextInput
            label="View name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') save.mutate({ name, query: viewQueryOf(params) });
            }}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setNaming(false)}>
              Cancel
            </Button>
            <Button onClick={() => save.mutate({ name, query: viewQueryOf(params) })} loading={save.isPending}>
              Save view
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
