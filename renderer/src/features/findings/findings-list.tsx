/**
 * The findings of a site's first-week review as a list: filters, the rows behind each finding, confirm or
 * dismiss, findings recorded by hand, and findings of one SOP turned into an SOP update.
 */
import { Alert, Badge, Button, Checkbox, Collapse, Group, Paper, Select, SimpleGrid, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { Site } from '@core/contract/sites';
import type { Finding } from '@core/contract/findings';
import {
  ACTIVITY_KIND_LABEL,
  FINDING_CATEGORIES,
  FINDING_CATEGORY_LABEL,
  FINDING_STATUSES,
  type FindingCategory,
  type FindingStatus,
} from '@core/activity/vocabulary';
import { ROLE_LABEL, WORKFLOW_LABEL } from '@core/playbook/vocabulary';
import { errorMessage, notifyError } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useGo } from '../../lib/navigation';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { activityQueries } from '../activity/queries';
import { DecideDialog, RecordFindingDialog } from './finding-dialogs';
import { proposeSopUpdate } from './mutations';
import { findingQueries } from './queries';

const STATUS_LABEL: Record<FindingStatus, string> = { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed' };
const STATUS_COLOR: Record<FindingStatus, string> = { open: 'orange', confirmed: 'red', dismissed: 'gray' };

function RowsBehind({ siteId, findingId }: { siteId: string; findingId: string }) {
  const rows = useQuery(activityQueries.eventsOf(siteId, findingId));
  if (rows.isPending) return <QueryLoading />;
  if (rows.isError) return <QueryError error={rows.error} />;
  if (rows.data.rows.length === 0)
    return (
      <Text size="xs" c="dimmed">
        No imported rows: this finding was recorded by hand.
      </Text>
    );
  return (
    <Table fz="xs" aria-label="Rows behind the finding" withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>File, line</Table.Th>
          <Table.Th>Time</Table.Th>
          <Table.Th>Actor</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Text</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.data.rows.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>
              {e.fileName}, line {e.line}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</Table.Td>
            <Table.Td>{e.operatorName ?? e.actor}</Table.Td>
            <Table.Td>
              {ACTIVITY_KIND_LABEL[e.kind]}
              {e.risk ? ` (${e.risk} risk)` : ''}
              {e.status ? `, ${e.status}` : ''}
              {e.escalatedTo ? `, to ${e.escalatedTo}` : ''}
            </Table.Td>
            <Table.Td>{e.text ?? e.reviewerNote ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function FindingsList({
  site,
  operators,
  retraining,
}: {
  site: Site;
  operators: { id: string; name: string; role: keyof typeof ROLE_LABEL }[];
  retraining: ReadonlySet<string>;
}) {
  const go = useGo();
  const [status, setStatus] = useState<FindingStatus | null>(null);
  const [category, setCategory] = useState<FindingCategory | null>(null);
  const [operatorId, setOperatorId] = useState<string | null>(null);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<{ finding: Finding; decision: 'confirmed' | 'dismissed' } | null>(null);
  const [recording, setRecording] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [proposeError, setProposeError] = useState<string | null>(null);
  const list = useQuery(
    findingQueries.list({
      siteId: site.id,
      ...(status ? { statuses: [status] } : {}),
      ...(category ? { category } : {}),
      ...(operatorId ? { operatorId } : {}),
    }),
  );
  const rows = list.data?.rows ?? [];
  const chosen = rows.filter((f) => selected.includes(f.id));
  const cells = new Set(chosen.map((f) => `${f.workflow}/${f.role ?? ''}`));
  const proposeBlocked =
    chosen.length === 0
      ? 'Select the findings the SOP update answers.'
      : cells.size > 1
        ? 'Select findings of one SOP only (the same workflow and role).'
        : chosen.some((f) => !f.role)
          ? 'A selected finding belongs to no operator yet: match its actor to an operator first.'
          : null;
  const propose = async () => {
    setProposeError(null);
    setProposing(true);
    try {
      const proposal = await proposeSopUpdate(chosen.map((f) => f.id));
      go(`/playbook/${proposal.workflow}/${proposal.role}`, { state: { proposal, from: `/sites/${site.id}/first-week` } });
    } catch (e) {
      setProposeError(errorMessage(e));
      notifyError(e, 'No SOP update proposed');
    } finally {
      setProposing(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4} size="h5">
          Findings
        </Title>
        <Group>
          <Tooltip label={proposeBlocked ?? 'Open the SOP editor with a draft drawn from these findings'}>
            <Button
              variant="default"
              onClick={() => void propose()}
              disabled={Boolean(proposeBlocked)}
              loading={proposing}
              data-disabled-reason={proposeBlocked ?? undefined}
            >
              Propose SOP update{chosen.length ? ` (${chosen.length})` : ''}
            </Button>
          </Tooltip>
          <Button variant="default" onClick={() => setRecording(true)} disabled={Boolean(site.archivedAt)}>
            Record finding
          </Button>
        </Group>
      </Group>
      {proposeError ? (
        <Alert color="red" mb="xs" role="alert">
          {proposeError}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
        <Select
          label="Status"
          placeholder="Any status"
          data={FINDING_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          value={status}
          onChange={(s) => setStatus(s as FindingStatus | null)}
          clearable
        />
        <Select
          label="Kind of finding"
          placeholder="Any kind"
          data={FINDING_CATEGORIES.map((c) => ({ value: c, label: FINDING_CATEGORY_LABEL[c] }))}
          value={category}
          onChange={(c) => setCategory(c as FindingCategory | null)}
          clearable
        />
        <Select
          label="Operator"
          placeholder="Any operator"
          data={operators.map((o) => ({ value: o.id, label: o.name }))}
          value={operatorId}
          onChange={setOperatorId}
          clearable
          searchable
        />
      </SimpleGrid>
      {list.isError ? <QueryError error={list.error} /> : null}
      {list.isPending ? <QueryLoading /> : null}
      {list.data && rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {status || category || operatorId
            ? 'No finding matches these filters: clear a filter to see more.'
            : 'No findings yet. Import the first week’s activity, or record a finding seen during the review.'}
        </Text>
      ) : null}
      {rows.length ? (
        <Table aria-label="Findings" fz="sm" data-testid="findings-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox
                  aria-label="Select every finding shown"
                  checked={rows.length > 0 && rows.every((f) => selected.includes(f.id))}
                  indeterminate={chosen.length > 0 && chosen.length < rows.length}
                  onChange={(e) => setSelected(e.currentTarget.checked ? rows.map((f) => f.id) : [])}
                />
              </Table.Th>
              <Table.Th w={36}>
                <VisuallyHidden>Rows</VisuallyHidden>
              </Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Finding</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th miw={96}>Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <Fragment key={f.id}>
                <Table.Tr data-testid="finding-row" data-finding-id={f.id}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select the finding about ${f.who}: ${FINDING_CATEGORY_LABEL[f.category]}`}
                      checked={selected.includes(f.id)}
                      onChange={(e) => setSelected(e.currentTarget.checked ? [...selected, f.id] : selected.filter((x) => x !== f.id))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      aria-expanded={Boolean(open[f.id])}
                      aria-label={`${open[f.id] ? 'Hide' : 'Show'} the rows behind the finding about ${f.who}`}
                      onClick={() => setOpen({ ...open, [f.id]: !open[f.id] })}
                    >
                      {open[f.id] ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{f.who}</Text>
                    <Text size="xs" c="dimmed">
                      {f.role ? ROLE_LABEL[f.role] : 'not matched'}
                      {f.operatorId && retraining.has(f.operatorId) ? ' · needs retraining' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} mb={2}>
                      <Badge size="xs" variant="light" tt="none">
                        {FINDING_CATEGORY_LABEL[f.category]}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {WORKFLOW_LABEL[f.workflow]} SOP{f.source === 'manual' ? ' · recorded by hand' : ''}
                      </Text>
                      {f.sopUpdate ? (
                        <Badge size="xs" color="teal" variant="light" tt="none" data-testid="sop-updated">
                          SOP updated (v{f.sopUpdate.version})
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="sm">{f.summary}</Text>
                    {f.decisionNote ? (
                      <Text size="xs" c="dimmed">
                        {STATUS_LABEL[f.status]} {f.decidedAt ? formatDate(f.decidedAt) : ''}
                        {f.decidedBy ? ` by ${f.decidedBy}` : ''}: {f.decisionNote}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(f.occurredAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[f.status]} variant="light" tt="none">
                      {STATUS_LABEL[f.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {f.status === 'open' ? (
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" onClick={() => setDeciding({ finding: f, decision: 'confirmed' })}>
                          Confirm
                        </Button>
                        <Button size="compact-xs" variant="default" onClick={() => setDeciding({ finding: f, decision: 'dismissed' })}>
                          Dismiss
                        </Button>
                      </Group>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr style={open[f.id] ? undefined : { display: 'none' }}>
                  <Table.Td colSpan={7} p={0}>
                    <Collapse in={Boolean(open[f.id])}>
                      <div style={{ padding: 8 }}>{open[f.id] ? <RowsBehind siteId={site.id} findingId={f.id} /> : null}</div>
                    </Collapse>
                  </Table.Td>
                </Table.Tr>
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {deciding ? <DecideDialog finding={deciding.finding} decision={deciding.decision} onClose={() => setDeciding(null)} /> : null}
      {recording ? <RecordFindingDialog siteId={site.id} operators={operators} onClose={() => setRecording(false)} /> : null}
    </Paper>
  );
}
