/**
 * A site's "First week" tab: the structured first-week review. Imported activity and findings, by
 * the five things the review looks at and by operator, each finding confirmed or dismissed with a
 * note, findings of one SOP turned into an SOP update, and the review completed from here.
 */
import { Alert, Badge, Button, Checkbox, Collapse, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconFileImport } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { Site } from '@core/contract/sites';
import type { Finding, FirstWeek, RepeatFlag } from '@core/contract/findings';
import {
  ACTIVITY_KIND_LABEL,
  FINDING_CATEGORIES,
  FINDING_CATEGORY_LABEL,
  FINDING_STATUSES,
  REVIEW_AREA_LABEL,
  type FindingCategory,
  type FindingStatus,
} from '@core/activity/vocabulary';
import { RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { ROLE_LABEL, WORKFLOW_LABEL } from '@core/playbook/vocabulary';
import { errorMessage, notifyError } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useGo } from '../../lib/navigation';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { ScrollRegion } from '../activity/scroll-region';
import { ImportWizard } from '../activity/import-wizard';
import { activityQueries } from '../activity/queries';
import { operatorQueries } from '../operators/queries';
import { CompleteFirstWeekDialog, DecideDialog, RecordFindingDialog } from './finding-dialogs';
import { proposeSopUpdate } from './mutations';
import { findingQueries } from './queries';

const STATUS_LABEL: Record<FindingStatus, string> = { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed' };
const STATUS_COLOR: Record<FindingStatus, string> = { open: 'orange', confirmed: 'red', dismissed: 'gray' };
const STATE_LABEL: Record<FirstWeek['reviewState'], string> = { none: 'Not planned', open: 'Open', done: 'Done', skipped: 'Skipped' };

/** Who a repeat flag goes to, in words. */
export function escalationOwnerText(f: RepeatFlag): string {
  const owner = f.escalationOwner;
  const what = RESPONSIBILITY_INFO[owner.responsibility].label;
  return owner.name ? `${owner.name} (${what} owner)` : `nobody: assign the ${what} owner`;
}

export function FirstWeekTab({ site }: { site: Site }) {
  const week = useQuery(findingQueries.firstWeek(site.id));
  const operators = useQuery(operatorQueries.list(site.id));
  const imports = useQuery(activityQueries.imports(site.id));
  const [importing, setImporting] = useState(false);
  const [completing, setCompleting] = useState(false);
  if (week.isPending) return <QueryLoading />;
  if (week.isError) return <QueryError error={week.error} title="The first-week review cannot be shown" />;
  const w = week.data;
  const operatorChoices = (operators.data ?? []).map((o) => ({ id: o.id, name: o.personName, role: o.role }));
  const retraining = new Set((operators.data ?? []).filter((o) => o.status === 'needs_retraining').map((o) => o.id));
  return (
    <Stack gap="md" data-testid="first-week-tab">
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={3} size="h4">
                First-week review
              </Title>
              <Badge color={w.reviewState === 'done' ? 'teal' : w.reviewState === 'open' ? 'orange' : 'gray'} variant="light" data-testid="first-week-state">
                {STATE_LABEL[w.reviewState]}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {w.reviewState === 'none'
                ? 'No first-week review is planned yet: it is planned when the site moves to pilot.'
                : w.reviewState === 'done'
                  ? `Done ${formatDateTime(w.doneAt)}${w.doneBy ? ` by ${w.doneBy}` : ''}.`
                  : w.dueOn
                    ? `Due ${w.dueOn}.`
                    : ''}
            </Text>
            <Text size="sm" data-testid="first-week-counts">
              {w.imports} import{w.imports === 1 ? '' : 's'}, {w.events.toLocaleString()} event{w.events === 1 ? '' : 's'}, {w.openFindings} open finding
              {w.openFindings === 1 ? '' : 's'}
            </Text>
          </Stack>
          <Group>
            <Button leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)} disabled={Boolean(site.archivedAt)}>
              Import activity
            </Button>
            {w.reviewState === 'open' && w.reviewId ? (
              <Button variant="default" onClick={() => setCompleting(true)}>
                Complete first-week review
              </Button>
            ) : null}
          </Group>
        </Group>
        {w.events === 0 ? (
          <Text size="sm" mt="sm">
            No activity yet. Export the site’s SophMate activity for the first week (audit log, CSV or JSON) and choose “Import activity”.
          </Text>
        ) : null}
        {w.notes ? (
          <Text size="sm" mt="sm">
            Notes: {w.notes}
          </Text>
        ) : null}
      </Paper>
      {w.flags.length ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Operators to escalate" data-testid="first-week-flags">
          <Stack gap={2}>
            {w.flags.map((f) => (
              <Text size="sm" key={`${f.operatorId}-${f.category}`}>
                {f.operatorName} ({ROLE_LABEL[f.role]}): {FINDING_CATEGORY_LABEL[f.category].toLowerCase()} {f.count} times within {f.windowDays} days. Escalate
                to {escalationOwnerText(f)}.
              </Text>
            ))}
          </Stack>
        </Alert>
      ) : null}
      <AreasTable week={w} />
      <ByOperatorTable week={w} retraining={retraining} />
      <FindingsList site={site} operators={operatorChoices} retraining={retraining} />
      {imports.data && imports.data.length ? (
        <Paper withBorder p="md">
          <Title order={4} size="h5" mb="xs">
            Imports
          </Title>
          <Table aria-label="Activity imports" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Imported</Table.Th>
                <Table.Th>Rows</Table.Th>
                <Table.Th>Skipped</Table.Th>
                <Table.Th>By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imports.data.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    {i.fileName}
                    {i.sourceName ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({i.sourceName})
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{formatDateTime(i.importedAt)}</Table.Td>
                  <Table.Td>
                    {i.imported.toLocaleString()} of {i.rows.toLocaleString()}
                    {i.masked ? '' : ' (not masked)'}
                  </Table.Td>
                  <Table.Td>
                    {i.duplicates} duplicate{i.duplicates === 1 ? '' : 's'}, {i.bad} bad
                  </Table.Td>
                  <Table.Td>{i.importedBy}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
      {importing ? <ImportWizard siteId={site.id} siteName={site.name} onClose={() => setImporting(false)} /> : null}
      {completing ? <CompleteFirstWeekDialog week={w} onClose={() => setCompleting(false)} /> : null}
    </Stack>
  );
}

function AreasTable({ week }: { week: FirstWeek }) {
  return (
    <Paper withBorder p="md">
      <Title order={4} size="h5" mb="xs">
        The five things to look at
      </Title>
      <Table aria-label="The five things the review looks at" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Area</Table.Th>
            <Table.Th>Events</Table.Th>
            <Table.Th>Findings</Table.Th>
            <Table.Th>Open</Table.Th>
            <Table.Th>What was found</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {week.areas.map((a) => (
            <Table.Tr key={a.area} data-testid={`area-${a.area}`}>
              <Table.Td fw={600}>{REVIEW_AREA_LABEL[a.area]}</Table.Td>
              <Table.Td>{a.events.toLocaleString()}</Table.Td>
              <Table.Td>{a.findings}</Table.Td>
              <Table.Td>{a.openFindings}</Table.Td>
              <Table.Td>
                {a.found ?? (
                  <Text size="xs" c="dimmed">
                    Written when the review is completed.
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ByOperatorTable({ week, retraining }: { week: FirstWeek; retraining: ReadonlySet<string> }) {
  const flagOf = (operatorId: string | null, c: FindingCategory) => week.flags.find((f) => f.operatorId === operatorId && f.category === c);
  return (
    <Paper withBorder p="md">
      <Title order={4} size="h5" mb="xs">
        Findings by operator
      </Title>
      {week.byOperator.length === 0 ? (
        <Text size="sm" c="dimmed">
          No findings yet. Import the first week’s activity, or record a finding seen during the review.
        </Text>
      ) : (
        <ScrollRegion label="Findings by operator, scrollable">
          <Table aria-label="Findings by operator and category" fz="sm" data-testid="findings-by-operator">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Operator</Table.Th>
                <Table.Th>Role</Table.Th>
                {FINDING_CATEGORIES.map((c) => (
                  <Table.Th key={c}>{FINDING_CATEGORY_LABEL[c]}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {week.byOperator.map((o) => (
                <Table.Tr key={o.operatorId ?? `actor:${o.who}`}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm">{o.who}</Text>
                      {o.operatorId === null ? (
                        <Badge size="xs" color="gray" variant="light" tt="none">
                          not matched
                        </Badge>
                      ) : null}
                      {o.operatorId && retraining.has(o.operatorId) ? (
                        <Badge size="xs" color="orange" variant="light" tt="none" data-testid="needs-retraining">
                          needs retraining
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{o.role ? ROLE_LABEL[o.role] : ''}</Table.Td>
                  {FINDING_CATEGORIES.map((c) => {
                    const flag = o.flags.includes(c) ? flagOf(o.operatorId, c) : undefined;
                    return (
                      <Table.Td key={c}>
                        <Group gap={4}>
                          <Text size="sm">{o.counts[c] ?? 0}</Text>
                          {o.flags.includes(c) ? (
                            <Tooltip label={flag ? `Repeated: escalate to ${escalationOwnerText(flag)}` : 'Repeated: escalate'}>
                              {/* The owner's name is the point of the badge: it wraps rather than being cut short. */}
                              <Badge size="xs" color="red" tt="none" h="auto" py={2} styles={{ label: { whiteSpace: 'normal' } }} data-testid="repeat-flag">
                                repeated{flag ? `: escalate to ${flag.escalationOwner.name ?? 'nobody'}` : ''}
                              </Badge>
                            </Tooltip>
                          ) : null}
                        </Group>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Paper>
  );
}

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

function FindingsList({
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
