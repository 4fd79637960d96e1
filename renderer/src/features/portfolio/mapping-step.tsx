/**
 * The import's mapping step: which column of the file is which field, with the problems of the
 * mapping beside the fields as it changes, the columns never read and why, and the file's first rows.
 */
import { Alert, Badge, Button, Collapse, Group, List, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import type { PortfolioMapping } from '@core/contract/portfolio';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { FIELDS_OF, type ImportField } from '@core/portfolio/fields';
import { mappingProblems, unmappedColumns } from '@core/portfolio/mapping';
import { ScrollRegion } from '../activity/scroll-region';
import type { Inspected } from './calls';

/** The Select value for "Not imported" (no column is named this: headers are trimmed and never hold a NUL). */
const NONE = '\u0000none';

const WHY: Record<'credentials' | 'computed' | 'unmapped', string> = {
  credentials: 'holds credentials: never imported',
  computed: 'worked out by the workbench: never imported',
  unmapped: 'not mapped to a field',
};

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);
const isOwnerField = (f: ImportField) => f.key.startsWith('owner.') || f.key.startsWith('backup.');

/** The field key a refusal's path names ("mapping.columns.name" -> "name"), or the path itself. */
export function fieldOfIssue(path: string): string {
  const m = /^(?:mapping\.)?columns\.(.+)$/.exec(path);
  return m ? m[1]! : path.replace(/^mapping\./, '');
}

export function MappingStep({
  info,
  mapping,
  errors,
  onMapping,
  reading,
}: {
  info: Inspected;
  mapping: PortfolioMapping;
  /** Refusals from main, by field key. */
  errors: Record<string, string>;
  onMapping: (m: PortfolioMapping) => void;
  reading: boolean;
}) {
  const fields = FIELDS_OF[mapping.kind];
  const problems = mappingProblems(mapping.kind, mapping.columns, info.columns);
  const problemOf = (key: string) => errors[key] ?? problems.find((p) => p.field === key)?.message;
  const ignored = unmappedColumns(mapping.kind, mapping.columns, info.columns);
  const owners = fields.filter(isOwnerField);
  const ownersMapped = owners.filter((f) => mapping.columns[f.key]).length;
  const [ownersOpen, setOwnersOpen] = useState(ownersMapped > 0 || owners.some((f) => problemOf(f.key)));
  const columnOptions = [{ value: NONE, label: 'Not imported' }, ...info.columns.map((c) => ({ value: c, label: c }))];
  const setColumn = (key: string, column: string | null) => onMapping({ ...mapping, columns: { ...mapping.columns, [key]: column === NONE ? null : column } });

  const fieldSelect = (f: ImportField) => (
    <Select
      key={f.key}
      label={f.label}
      required={Boolean(f.required)}
      description={isOwnerField(f) ? undefined : f.hint}
      data={columnOptions}
      value={mapping.columns[f.key] ?? NONE}
      onChange={(c) => setColumn(f.key, c)}
      allowDeselect={false}
      searchable
      disabled={reading}
      error={problemOf(f.key)}
      data-field={f.key}
    />
  );

  return (
    <Stack gap="md" data-testid="mapping-step">
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h5">
            Columns
          </Title>
          {problems.length ? (
            <Badge color="red" variant="light" data-testid="mapping-problems">
              {problems.length} problem{problems.length === 1 ? '' : 's'} to fix
            </Badge>
          ) : (
            <Badge color="teal" variant="light" data-testid="mapping-problems">
              Ready for a dry run
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} style={{ alignItems: 'end' }}>
          {fields.filter((f) => !isOwnerField(f)).map(fieldSelect)}
        </SimpleGrid>
        {owners.length ? (
          <Stack gap="sm" mt="md">
            <Button
              variant="subtle"
              size="compact-sm"
              w="fit-content"
              leftSection={ownersOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              onClick={() => setOwnersOpen((o) => !o)}
              aria-expanded={ownersOpen}
              aria-controls="owner-columns"
            >
              Owners ({RESPONSIBILITIES.length} responsibilities): {ownersMapped} column{ownersMapped === 1 ? '' : 's'} mapped
            </Button>
            <Collapse in={ownersOpen} id="owner-columns">
              <Text size="sm" c="dimmed" mb="xs">
                Each owner cell holds {lowerFirst(owners[0]?.hint ?? '')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>{owners.map(fieldSelect)}</SimpleGrid>
            </Collapse>
            <Radio.Group
              label="New people from owner columns belong to"
              description="An owner cell with an email nobody in the workspace has adds that person."
              value={mapping.newPeople}
              onChange={(v) => onMapping({ ...mapping, newPeople: v as PortfolioMapping['newPeople'] })}
            >
              <Group mt={6}>
                <Radio value="agency" label="The agency" disabled={reading} />
                <Radio value="client" label="The site's client" disabled={reading} />
              </Group>
            </Radio.Group>
          </Stack>
        ) : null}
      </Paper>
      {problems.length || errors.form ? (
        <Alert color="red" title="Before the dry run" data-testid="mapping-problem-list">
          <List size="sm">
            {errors.form ? <List.Item>{errors.form}</List.Item> : null}
            {problems.map((p) => (
              <List.Item key={`${p.field}:${p.message}`}>{p.message}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {ignored.length ? (
        <div>
          <Title order={3} size="h6" mb={4}>
            Columns not imported
          </Title>
          <List size="sm" data-testid="ignored-columns">
            {ignored.map((c) => (
              <List.Item key={c.column}>
                “{c.column}”: {WHY[c.why]}
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
      <div>
        <Title order={3} size="h6" mb={4}>
          First rows of the file
        </Title>
        <ScrollRegion label="First rows of the file, scrollable">
          <Table withTableBorder striped aria-label="First rows of the file" fz="xs">
            <Table.Thead>
              <Table.Tr>
                {info.columns.map((c) => (
                  <Table.Th key={c} style={{ whiteSpace: 'nowrap' }}>
                    {c}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {info.sample.slice(0, 5).map((row, i) => (
                <Table.Tr key={i}>
                  {info.columns.map((c, j) => (
                    <Table.Td key={c} style={{ maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {row[j] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
        {info.sample.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rows below the header row.
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}
