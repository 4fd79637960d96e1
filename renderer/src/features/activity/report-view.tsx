/** What a dry run found: counts, bad rows, masking, who the actors are, findings, and the rows as they will be stored. */
import { Alert, Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ScrollRegion } from './scroll-region';
import type { ActivityReport } from '@core/contract/activity';
import { ACTIVITY_KIND_LABEL, ACTIVITY_KINDS, FINDING_CATEGORIES, FINDING_CATEGORY_LABEL, type ActivityKind } from '@core/activity/vocabulary';
import { ROLE_LABEL } from '@core/playbook/vocabulary';
import { formatDateTime } from '../../lib/format';

export interface OperatorOption {
  id: string;
  name: string;
  role: keyof typeof ROLE_LABEL;
}

const n = (x: number) => x.toLocaleString();

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={color} data-testid={`count-${label.toLowerCase().replace(/\W+/g, '-')}`}>
        {n(value)}
      </Text>
    </Paper>
  );
}

export function ReportView({
  report,
  operators,
  chosen,
  onChoose,
  eventTypes,
  onEventType,
}: {
  report: ActivityReport;
  operators: readonly OperatorOption[];
  /** Actors matched by hand so far: actor -> operator id (null: leave unmatched). */
  chosen: Record<string, string | null>;
  onChoose: (actor: string, operatorId: string | null) => void;
  /** Event types mapped by hand so far: raw -> kind. */
  eventTypes: Record<string, ActivityKind>;
  onEventType: (raw: string, kind: ActivityKind) => void;
}) {
  const maskedTotal = report.masked.email + report.masked.phone + report.masked.card + report.masked.secret;
  const unrecognised = report.eventTypes.filter((t) => !t.recognised);
  const operatorData = operators.map((o) => ({ value: o.id, label: `${o.name} (${ROLE_LABEL[o.role]})` }));
  return (
    <Stack gap="md" data-testid="import-report">
      {report.cancelled ? (
        <Alert color="orange" title="Cancelled">
          The check was cancelled before the end of the file: the counts cover only the rows read so far.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Count label="Rows" value={report.rows} />
        <Count label="Good" value={report.good} color="teal.8" />
        <Count label="Bad" value={report.bad} color={report.bad ? 'red.8' : undefined} />
        <Count label="Duplicates" value={report.duplicates} />
        <Count label="Other site" value={report.otherSite} />
      </SimpleGrid>
      {report.duplicates ? <Text size="sm">Duplicates were imported from an earlier file and are skipped: nothing is added twice.</Text> : null}
      {report.problems.length ? (
        <Paper withBorder p="sm">
          <Title order={4} size="h6" mb={4}>
            Bad rows ({n(report.bad)}): these are not imported
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            Fix them in the file and import it again if they matter; the good rows can be imported now.
          </Text>
          <ScrollRegion label="Bad rows, scrollable" maxHeight={220}>
            <Table aria-label="Bad rows" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>Line</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.problems.map((p) => (
                  <Table.Tr key={`${p.line}-${p.reason}`}>
                    <Table.Td>{p.line}</Table.Td>
                    <Table.Td>{p.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          {report.bad > report.problems.length ? (
            <Text size="xs" c="dimmed">
              The first {report.problems.length} of {n(report.bad)} are listed.
            </Text>
          ) : null}
        </Paper>
      ) : null}
      <Text size="sm" data-testid="masked-counts">
        {maskedTotal === 0
          ? 'Nothing was masked: no email addresses, phone numbers, card numbers or secrets were found in the text.'
          : `Masked before storing: ${n(report.masked.email)} email address${report.masked.email === 1 ? '' : 'es'}, ${n(report.masked.phone)} phone number${report.masked.phone === 1 ? '' : 's'}, ${n(report.masked.card)} card number${report.masked.card === 1 ? '' : 's'}, ${n(report.masked.secret)} secret${report.masked.secret === 1 ? '' : 's'}.`}
      </Text>
      {unrecognised.length ? (
        <Paper withBorder p="sm">
          <Title order={4} size="h6" mb={4}>
            Event types to map
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            These event types are not recognised. Say what each one is, then check the file again.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {unrecognised.map((t) => (
              <Select
                key={t.raw}
                label={`“${t.raw}” (${n(t.rows)} row${t.rows === 1 ? '' : 's'})`}
                data={ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABEL[k] }))}
                value={eventTypes[t.raw] ?? t.kind}
                onChange={(k) => k && onEventType(t.raw, k as ActivityKind)}
                allowDeselect={false}
              />
            ))}
          </SimpleGrid>
        </Paper>
      ) : null}
      <Paper withBorder p="sm">
        <Title order={4} size="h6" mb={4}>
          Actors
        </Title>
        <Table aria-label="Actors in the file" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>In the file</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th>Operator of this site</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.actors.map((a) => (
              <Table.Tr key={a.actor}>
                <Table.Td>
                  {a.actor}
                  {a.name && a.name !== a.actor ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({a.name})
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{n(a.rows)}</Table.Td>
                <Table.Td>
                  {a.match && a.match.by !== 'chosen' ? (
                    <Group gap={6}>
                      <Text size="sm">
                        {a.match.name} ({ROLE_LABEL[a.match.role]})
                      </Text>
                      <Badge size="xs" variant="light" tt="none">
                        by {a.match.by}
                      </Badge>
                    </Group>
                  ) : (
                    <Select
                      aria-label={`Operator for ${a.actor}`}
                      placeholder={operators.length ? 'Not matched: choose the operator' : 'No operators at this site yet'}
                      data={operatorData}
                      value={chosen[a.actor] ?? a.match?.operatorId ?? null}
                      onChange={(id) => onChoose(a.actor, id)}
                      clearable
                      size="xs"
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {report.actors.some((a) => !a.match && !chosen[a.actor]) ? (
          <Text size="xs" c="dimmed" mt={4}>
            Findings of unmatched actors belong to nobody and do not count for repeats until you match them.
          </Text>
        ) : null}
      </Paper>
      <Paper withBorder p="sm">
        <Title order={4} size="h6" mb={4}>
          Findings ({n(report.findings.total)})
        </Title>
        <Group gap="xs" data-testid="report-findings">
          {FINDING_CATEGORIES.map((c) => (
            <Badge key={c} variant="light" color={report.findings.byCategory[c] ? 'orange' : 'gray'} tt="none">
              {FINDING_CATEGORY_LABEL[c]}: {report.findings.byCategory[c] ?? 0}
            </Badge>
          ))}
        </Group>
      </Paper>
      {report.firstRows.length ? (
        <div>
          <Title order={4} size="h6" mb={4}>
            First rows as they will be stored
          </Title>
          <ScrollRegion label="Rows as stored, scrollable">
            <Table withTableBorder aria-label="First rows as they will be stored" fz="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Actor</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Risk</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Text</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.firstRows.map((r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.occurredAt)}</Table.Td>
                    <Table.Td>{r.actor}</Table.Td>
                    <Table.Td>{ACTIVITY_KIND_LABEL[r.kind]}</Table.Td>
                    <Table.Td>{r.risk ?? ''}</Table.Td>
                    <Table.Td>{r.status ?? ''}</Table.Td>
                    <Table.Td style={{ maxWidth: 320 }}>{r.text ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </div>
      ) : null}
    </Stack>
  );
}
