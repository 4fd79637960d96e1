import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Badge, Button, Group, Modal, NumberInput, Paper, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { IconCalculator, IconHistory, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  PlaybookCadenceUpdate,
  PlaybookItemUpdate,
  type PlaybookCadenceVersion,
  type PlaybookItemKind,
  type PlaybookItemVersion,
} from '@core/contract/playbook';
import { describeRrule, REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { applyServerError, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useUpdateCadence, useUpdatePlaybookItem } from './mutations';
import { playbookQueries } from './queries';
import { QueryError } from '../../lib/query-state';

const KIND_LABEL: Record<PlaybookItemKind, string> = { checklist: 'checklist item', acceptance: 'acceptance check' };
const ITEM_FIELDS = ['title', 'description', 'changeSummary'] as const;
const CADENCE_FIELDS = ['description', 'rrule', 'offsetDays', 'changeSummary'] as const;

function PublishedBy({ v }: { v: { changeSummary: string; publishedBy: string; publishedAt: string } }) {
  return (
    <Text size="xs" c="dimmed">
      {v.changeSummary} · {v.publishedBy}, {formatDateTime(v.publishedAt)}
    </Text>
  );
}

function ItemDialog({ item, onClose }: { item: PlaybookItemVersion; onClose: () => void }) {
  const update = useUpdatePlaybookItem();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof PlaybookItemUpdate>, unknown, z.output<typeof PlaybookItemUpdate>>({
    resolver: zodResolver(PlaybookItemUpdate),
    defaultValues: { kind: item.kind, itemId: item.itemId, version: item.version, title: item.title, description: item.description, changeSummary: '' },
  });
  const err = (name: (typeof ITEM_FIELDS)[number]) => form.formState.errors[name]?.message;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync(values);
      notifySaved(`Published version ${saved.version} of the ${KIND_LABEL[item.kind]} “${saved.title}”.`);
      onClose();
    } catch (e) {
      setFormError(applyServerError(e, form.setError, ITEM_FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${KIND_LABEL[item.kind]}: ${item.title}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          <Text size="sm" c="dimmed">
            Publishes version {item.version + 1}; version {item.version} stays in the history. Every site’s readiness shows the new wording.
          </Text>
          {item.computed ? <Text size="sm">The app decides this item from each site’s records; only its wording can change here.</Text> : null}
          <TextInput label="Title" required data-autofocus {...form.register('title')} error={err('title')} />
          <Textarea label="Description" required autosize minRows={3} {...form.register('description')} error={err('description')} />
          <TextInput
            label="Change summary"
            description="What changed and why; it is kept with the version."
            required
            {...form.register('changeSummary')}
            error={err('changeSummary')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Publish new version
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CadenceDialog({ cadence, onClose }: { cadence: PlaybookCadenceVersion; onClose: () => void }) {
  const update = useUpdateCadence();
  const [formError, setFormError] = useState<string | null>(null);
  const periodic = cadence.kind === 'periodic';
  const form = useForm<z.input<typeof PlaybookCadenceUpdate>, unknown, z.output<typeof PlaybookCadenceUpdate>>({
    resolver: zodResolver(PlaybookCadenceUpdate),
    defaultValues: {
      kind: cadence.kind,
      version: cadence.version,
      description: cadence.description,
      rrule: cadence.rrule,
      offsetDays: cadence.offsetDays,
      changeSummary: '',
    },
  });
  const err = (name: (typeof CADENCE_FIELDS)[number]) => form.formState.errors[name]?.message;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync(values);
      notifySaved(`Published version ${saved.version} of the ${REVIEW_KIND_LABEL[cadence.kind].toLowerCase()} cadence.`);
      onClose();
    } catch (e) {
      setFormError(applyServerError(e, form.setError, CADENCE_FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Edit cadence: ${REVIEW_KIND_LABEL[cadence.kind]}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          <Text size="sm" c="dimmed">
            Publishes version {cadence.version + 1}. Reviews planned from now on follow it; reviews already planned keep their due day.
          </Text>
          <Textarea label="Description" required autosize minRows={2} data-autofocus {...form.register('description')} error={err('description')} />
          {periodic ? (
            <TextInput
              label="Recurrence"
              description="An RFC 5545 rule, e.g. FREQ=MONTHLY;INTERVAL=3 for every quarter. Sites with their own cadence keep it."
              required
              {...form.register('rrule')}
              error={err('rrule')}
            />
          ) : (
            <Controller
              control={form.control}
              name="offsetDays"
              render={({ field, fieldState }) => (
                <NumberInput
                  label="Days after"
                  description={
                    cadence.kind === 'first_week'
                      ? 'Days after the pilot starts when the review is due.'
                      : 'Days after the event when the review is due; 0 for the same day.'
                  }
                  required
                  allowDecimal={false}
                  value={typeof field.value === 'number' ? field.value : ''}
                  onChange={(v) => field.onChange(v === '' ? null : Number(v))}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          )}
          <TextInput
            label="Change summary"
            description="What changed and why; it is kept with the version."
            required
            {...form.register('changeSummary')}
            error={err('changeSummary')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Publish new version
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type HistoryTarget = { kind: PlaybookItemKind; itemId: string; title: string } | { kind: 'cadence'; cadence: PlaybookCadenceVersion['kind'] };

function HistoryDialog({ target, onClose }: { target: HistoryTarget; onClose: () => void }) {
  const items = useQuery({
    ...playbookQueries.itemHistory(target.kind === 'cadence' ? { kind: 'checklist', itemId: '' } : target),
    enabled: target.kind !== 'cadence',
  });
  const cadences = useQuery({ ...playbookQueries.cadenceHistory(target.kind === 'cadence' ? target.cadence : 'periodic'), enabled: target.kind === 'cadence' });
  const title = target.kind === 'cadence' ? `Versions: ${REVIEW_KIND_LABEL[target.cadence]} cadence` : `Versions: ${target.title}`;
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <Table aria-label={title} verticalSpacing="xs">
        <Table.Tbody>
          {(items.data ?? []).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td style={{ width: 60 }}>v{v.version}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {v.title}
                  {v.retired ? ' (retired)' : ''}
                </Text>
                <Text size="xs">{v.description}</Text>
                <PublishedBy v={v} />
              </Table.Td>
            </Table.Tr>
          ))}
          {(cadences.data ?? []).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td style={{ width: 60 }}>v{v.version}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {cadenceTiming(v)}
                </Text>
                <Text size="xs">{v.description}</Text>
                <PublishedBy v={v} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

function cadenceTiming(c: Pick<PlaybookCadenceVersion, 'kind' | 'rrule' | 'offsetDays'>): string {
  if (c.rrule) return `Repeats ${describeRrule(c.rrule)}`;
  const days = c.offsetDays ?? 0;
  if (days === 0) return 'Due the same day';
  return `Due ${days} day${days === 1 ? '' : 's'} after ${c.kind === 'first_week' ? 'the pilot starts' : 'the event'}`;
}

function ItemsTable({
  title,
  items,
  onEdit,
  onHistory,
}: {
  title: string;
  items: PlaybookItemVersion[];
  onEdit: (i: PlaybookItemVersion) => void;
  onHistory: (i: PlaybookItemVersion) => void;
}) {
  return (
    <Paper withBorder>
      <Title order={3} size="h5" p="sm">
        {title}
      </Title>
      <Table aria-label={title} verticalSpacing="xs">
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.itemId} data-testid={`playbook-${i.kind}-${i.itemId}`}>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {i.title}
                  </Text>
                  {i.computed ? (
                    <Tooltip label="Decided by the app from the site’s records">
                      <Badge variant="light" color="gray" tt="none" leftSection={<IconCalculator size={12} />}>
                        computed
                      </Badge>
                    </Tooltip>
                  ) : null}
                </Group>
                <Text size="xs">{i.description}</Text>
              </Table.Td>
              <Table.Td style={{ width: 280 }}>
                <Badge variant="light" tt="none">
                  v{i.version}
                </Badge>
                <PublishedBy v={i} />
              </Table.Td>
              <Table.Td style={{ width: 200 }}>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconHistory size={14} />}
                    onClick={() => onHistory(i)}
                    aria-label={`Versions of “${i.title}”`}
                  >
                    History
                  </Button>
                  <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => onEdit(i)} aria-label={`Edit “${i.title}”`}>
                    Edit
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The playbook's checklist, acceptance checks and default review cadences, each versioned and editable like an SOP. */
export function PlaybookItemsSection() {
  const q = useQuery(playbookQueries.items());
  const [editing, setEditing] = useState<PlaybookItemVersion | null>(null);
  const [editingCadence, setEditingCadence] = useState<PlaybookCadenceVersion | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);
  if (q.isError) return <QueryError error={q.error} />;
  if (!q.data) return null;
  const d = q.data;
  const itemHistory = (i: PlaybookItemVersion) => setHistory({ kind: i.kind, itemId: i.itemId, title: i.title });
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        What every site’s readiness and review planning use. An edit publishes a new version with its change summary; importing a playbook file publishes what
        differs.
      </Text>
      <ItemsTable title="Production checklist" items={d.checklist} onEdit={setEditing} onHistory={itemHistory} />
      <ItemsTable title="Acceptance checks" items={d.acceptance} onEdit={setEditing} onHistory={itemHistory} />
      <Paper withBorder>
        <Title order={3} size="h5" p="sm">
          Review cadences
        </Title>
        <Table aria-label="Review cadences" verticalSpacing="xs">
          <Table.Tbody>
            {d.cadences.map((c) => (
              <Table.Tr key={c.kind} data-testid={`playbook-cadence-${c.kind}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {REVIEW_KIND_LABEL[c.kind]}
                  </Text>
                  <Text size="xs">
                    {cadenceTiming(c)}. {c.description}
                  </Text>
                </Table.Td>
                <Table.Td style={{ width: 280 }}>
                  <Badge variant="light" tt="none">
                    v{c.version}
                  </Badge>
                  <PublishedBy v={c} />
                </Table.Td>
                <Table.Td style={{ width: 200 }}>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconHistory size={14} />}
                      onClick={() => setHistory({ kind: 'cadence', cadence: c.kind })}
                      aria-label={`Versions of the ${REVIEW_KIND_LABEL[c.kind].toLowerCase()} cadence`}
                    >
                      History
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPencil size={14} />}
                      onClick={() => setEditingCadence(c)}
                      aria-label={`Edit the ${REVIEW_KIND_LABEL[c.kind].toLowerCase()} cadence`}
                    >
                      Edit
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing ? <ItemDialog item={editing} onClose={() => setEditing(null)} /> : null}
      {editingCadence ? <CadenceDialog cadence={editingCadence} onClose={() => setEditingCadence(null)} /> : null}
      {history ? <HistoryDialog target={history} onClose={() => setHistory(null)} /> : null}
    </Stack>
  );
}
