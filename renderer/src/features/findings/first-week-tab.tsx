/**
 * A site's "First week" tab: the structured first-week review. Imported activity and findings, by
 * the five things the review looks at and by operator, each finding confirmed or dismissed with a
 * note, findings of one SOP turned into an SOP update, and the review completed from here.
 */
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFileImport } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Site } from '@core/contract/sites';
import type { FirstWeek, RepeatFlag } from '@core/contract/findings';
import { FINDING_CATEGORIES, FINDING_CATEGORY_LABEL, REVIEW_AREA_LABEL, type FindingCategory } from '@core/activity/vocabulary';
import { RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { ROLE_LABEL } from '@core/playbook/vocabulary';
import { formatDateTime } from '../../lib/format';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { ScrollRegion } from '../activity/scroll-region';
import { ImportWizard } from '../activity/import-wizard';
import { activityQueries } from '../activity/queries';
import { operatorQueries } from '../operators/queries';
import { CompleteFirstWeekDialog } from './finding-dialogs';
import { findingQueries } from './queries';
import { FindingsList } from './findings-list';

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
