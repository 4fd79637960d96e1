/**
 * The dry run's report: what the import would add, update or leave as it is, every bad row by line
 * (all counted, the first listed), each change field by field, and the first rows as they will be stored.
 */
import { Alert, Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ImportReport } from '@core/contract/portfolio';
import { FIELDS_OF, type ImportKind } from '@core/portfolio/fields';
import { ScrollRegion } from '../activity/scroll-region';

const ENTITIES = [
  ['sites', 'Sites'],
  ['clients', 'Clients'],
  ['people', 'People'],
  ['owners', 'Owner assignments'],
] as const;

/** Rows by line, field and why (bad rows, or rows imported with a note): the first ones, of `total`. */
function LineTable(props: { title: string; label: string; column: string; rows: ImportReport['problems']; total: number; maxHeight: number }) {
  const { title, label, column, rows, total, maxHeight } = props;
  if (rows.length === 0) return null;
  return (
    <div>
      <Title order={3} size="h6" mb={4}>
        {title}
        {rows.length < total ? ` (the first ${rows.length.toLocaleString()} of ${total.toLocaleString()})` : ''}
      </Title>
      <ScrollRegion label={`${label}, scrollable`} maxHeight={maxHeight}>
        <Table withTableBorder striped aria-label={label} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ width: 70 }}>Line</Table.Th>
              <Table.Th style={{ width: 200 }}>Field</Table.Th>
              <Table.Th>{column}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p, i) => (
              <Table.Tr key={`${p.line}:${i}`}>
                <Table.Td>{p.line}</Table.Td>
                <Table.Td>{p.field ?? 'Whole row'}</Table.Td>
                <Table.Td>{p.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </div>
  );
}

const WHY: Record<'credentials' | 'computed' | 'unmapped', string> = {
  credentials: 'holds credentials: never imported',
  computed: 'worked out by the workbench',
  unmapped: 'not mapped',
};

function Figure({ label, value, id, color }: { label: string; value: number; id: string; color?: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" c={color} data-testid={id}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

const shown = (v: string | null) => (v === null || v === '' ? '(empty)' : v);

/** The stored rows' columns in the mapping step's field order; any other after them. */
function columnsOf(report: ImportReport, kind: ImportKind): string[] {
  const present = new Set(report.firstRows.flatMap((r) => Object.keys(r.values)));
  const ordered = FIELDS_OF[kind].map((f) => f.label).filter((l) => present.has(l));
  return [...ordered, ...[...present].filter((l) => !ordered.includes(l))];
}

export function ReportView({ report, kind }: { report: ImportReport; kind: ImportKind }) {
  const firstColumns = columnsOf(report, kind);
  const leftOut = report.bad + report.duplicates;
  const nothingChanges = report.good > 0 && report.unchanged === report.good;
  return (
    <Stack gap="md" data-testid="import-report">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label="Rows read" value={report.rows} id="count-rows" />
        <Figure label="Good rows" value={report.good} id="count-good" color="teal.9" />
        <Figure label="Bad rows" value={report.bad} id="count-bad" color={report.bad ? 'red.9' : undefined} />
        <Figure label="Repeated in the file" value={report.duplicates} id="count-duplicates" color={report.duplicates ? 'orange.9' : undefined} />
        <Figure label="Already as the file says" value={report.unchanged} id="count-unchanged" />
      </SimpleGrid>
      {report.cancelled ? (
        <Alert color="orange" data-testid="report-cancelled">
          The dry run was cancelled: these figures cover only the rows read before.
        </Alert>
      ) : null}
      {nothingChanges ? (
        <Alert color="teal" data-testid="report-unchanged">
          Everything is unchanged: the workspace already holds what this file says.
        </Alert>
      ) : null}
      <Table withTableBorder aria-label="Changes by record" fz="sm" maw={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Records</Table.Th>
            <Table.Th>Add</Table.Th>
            <Table.Th>Update</Table.Th>
            <Table.Th>Unchanged</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ENTITIES.map(([key, label]) => (
            <Table.Tr key={key} data-testid={`counts-${key}`}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{report.counts[key].add.toLocaleString()}</Table.Td>
              <Table.Td>{report.counts[key].update.toLocaleString()}</Table.Td>
              <Table.Td>{report.counts[key].unchanged.toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LineTable title="Bad rows: left out of the import" label="Bad rows" column="Why" rows={report.problems} total={leftOut} maxHeight={260} />
      <LineTable title="Imported, with a note" label="Rows imported with a note" column="Note" rows={report.notes} total={report.noted} maxHeight={200} />
      {report.changes.length ? (
        <div>
          <Title order={3} size="h6" mb={4}>
            Changes
          </Title>
          <ScrollRegion label="Changes, scrollable" maxHeight={300}>
            <List size="sm" spacing={6} listStyleType="none" aria-label="Changes" data-testid="report-changes">
              {report.changes.map((c, i) => (
                <List.Item key={`${c.line}:${c.label}:${i}`}>
                  <Group gap={6} wrap="nowrap" align="baseline">
                    <Badge size="sm" variant="light" color={c.action === 'add' ? 'teal' : 'blue'}>
                      {c.action === 'add' ? 'Add' : 'Update'}
                    </Badge>
                    <Text size="sm" fw={500}>
                      {c.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      line {c.line}
                    </Text>
                  </Group>
                  {c.action === 'update' && c.fields.length ? (
                    <List size="xs" withPadding>
                      {c.fields.map((f) => (
                        <List.Item key={f.field}>
                          {f.label}: {shown(f.before)} → {shown(f.after)}
                        </List.Item>
                      ))}
                    </List>
                  ) : null}
                </List.Item>
              ))}
            </List>
          </ScrollRegion>
        </div>
      ) : null}
      {report.firstRows.length ? (
        <div>
          <Title order={3} size="h6" mb={4}>
            First rows as they will be stored
          </Title>
          <ScrollRegion label="First rows as they will be stored, scrollable">
            <Table withTableBorder striped aria-label="First rows as they will be stored" fz="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  {firstColumns.map((c) => (
                    <Table.Th key={c} style={{ whiteSpace: 'nowrap' }}>
                      {c}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.firstRows.map((r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    {firstColumns.map((c) => (
                      <Table.Td key={c} style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {r.values[c] ?? ''}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </div>
      ) : null}
      {report.ignoredColumns.length ? (
        <Text size="sm" c="dimmed" data-testid="report-ignored">
          Not imported: {report.ignoredColumns.map((c) => `“${c.column}” (${WHY[c.why]})`).join(', ')}.
        </Text>
      ) : null}
    </Stack>
  );
}
