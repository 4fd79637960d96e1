/** The wizard's mapping step: how the file is read, its first rows, and which column is which field. */
import { Alert, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { ScrollRegion } from './scroll-region';
import type { ActivityMapping } from '@core/contract/activity';
import {
  ACTIVITY_FIELD_LABEL,
  ACTIVITY_FIELDS,
  DATE_ORDERS,
  REQUIRED_ACTIVITY_FIELDS,
  type ActivityField,
  type ActivityFormat,
} from '@core/activity/vocabulary';

export interface PreviewData {
  format: ActivityFormat;
  delimiter: string | null;
  columns: string[];
  sample: string[][];
  source: { id: string; name: string } | null;
}

const FORMAT_LABEL: Record<ActivityFormat, string> = {
  csv: 'CSV (delimited text)',
  json: 'JSON (an array of records)',
  jsonl: 'JSON Lines (one record a line)',
};
const DELIMITERS = [
  { value: ',', label: 'Comma (,)' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Vertical bar (|)' },
];
const DATE_ORDER_LABEL: Record<(typeof DATE_ORDERS)[number], string> = {
  ymd: 'Year first (2026-04-03)',
  dmy: 'Day first (03/04/2026 is 3 April)',
  mdy: 'Month first (04/03/2026 is 3 April)',
};

function zones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
}

const isRequired = (f: ActivityField) => (REQUIRED_ACTIVITY_FIELDS as readonly string[]).includes(f);

export function MappingStep({
  preview,
  mapping,
  errors,
  onMapping,
  onReadAs,
  reading,
}: {
  preview: PreviewData;
  mapping: ActivityMapping;
  /** Refusals by field: a column field's name, 'timeZone', 'form'. */
  errors: Record<string, string>;
  onMapping: (m: ActivityMapping) => void;
  /** Read the file again with another format or delimiter. */
  onReadAs: (format: ActivityFormat, delimiter: string | null) => void;
  reading?: boolean;
}) {
  const zoneList = useMemo(() => zones(), []);
  const columnOptions = preview.columns.map((c) => ({ value: c, label: c }));
  const delimiterOptions = DELIMITERS.some((d) => d.value === preview.delimiter)
    ? DELIMITERS
    : preview.delimiter
      ? [...DELIMITERS, { value: preview.delimiter, label: `“${preview.delimiter}”` }]
      : DELIMITERS;
  const setColumn = (field: ActivityField, column: string | null) =>
    onMapping({ ...mapping, columns: { ...mapping.columns, [field]: column } as ActivityMapping['columns'] });
  return (
    <Stack gap="md" data-testid="mapping-step">
      {preview.source ? (
        <Alert color="blue" title="Saved mapping used">
          This file has the columns of “{preview.source.name}”: its mapping is filled in. Check it before going on.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Format"
          description="Detected from the file; change it if the preview looks wrong."
          data={(['csv', 'json', 'jsonl'] as const).map((f) => ({ value: f, label: FORMAT_LABEL[f] }))}
          value={preview.format}
          onChange={(f) => f && onReadAs(f as ActivityFormat, f === 'csv' ? preview.delimiter : null)}
          allowDeselect={false}
          disabled={reading}
        />
        {preview.format === 'csv' ? (
          <Select
            label="Delimiter"
            description="The character between the columns."
            data={delimiterOptions}
            value={preview.delimiter}
            onChange={(d) => d && onReadAs('csv', d)}
            allowDeselect={false}
            disabled={reading}
          />
        ) : null}
      </SimpleGrid>
      <div>
        <Title order={4} size="h6" mb={4}>
          First rows of the file
        </Title>
        <ScrollRegion label="First rows of the file, scrollable">
          <Table withTableBorder striped aria-label="First rows of the file" fz="xs">
            <Table.Thead>
              <Table.Tr>
                {preview.columns.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.sample.slice(0, 8).map((row, i) => (
                <Table.Tr key={i}>
                  {preview.columns.map((c, j) => (
                    <Table.Td key={c} style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {row[j] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
        {preview.sample.length === 0 ? (
          <Text size="sm" c="dimmed">
            The file has no rows under its header. Choose another file.
          </Text>
        ) : null}
      </div>
      <Paper withBorder p="sm">
        <Title order={4} size="h6">
          Columns
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Choose the column of the file that holds each field. Time, actor and event type are required; leave the others empty when the file has no such column.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {ACTIVITY_FIELDS.map((f) => (
            <Select
              key={f}
              label={ACTIVITY_FIELD_LABEL[f]}
              withAsterisk={isRequired(f)}
              required={isRequired(f)}
              placeholder={isRequired(f) ? 'Choose a column' : 'Not in this file'}
              data={columnOptions}
              value={mapping.columns[f] ?? null}
              onChange={(c) => setColumn(f, c)}
              clearable={!isRequired(f)}
              searchable
              error={errors[f]}
              data-testid={`map-${f}`}
            />
          ))}
        </SimpleGrid>
      </Paper>
      <Group grow align="flex-start">
        <Select
          label="Time zone of times without an offset"
          description="Times written with Z or +02:00 keep their own."
          data={zoneList}
          value={mapping.timeZone}
          onChange={(z) => z && onMapping({ ...mapping, timeZone: z })}
          searchable
          allowDeselect={false}
          error={errors.timeZone}
        />
        <Select
          label="Date order"
          description="How a date such as 03/04/2026 is read."
          data={DATE_ORDERS.map((d) => ({ value: d, label: DATE_ORDER_LABEL[d] }))}
          value={mapping.dateOrder}
          onChange={(d) => d && onMapping({ ...mapping, dateOrder: d as ActivityMapping['dateOrder'] })}
          allowDeselect={false}
        />
      </Group>
    </Stack>
  );
}

/** Puts a mapping refusal (zod issue path or server issue path) beside its field. */
export function mappingErrorKey(path: string): string {
  const m = /(?:^|\.)columns\.(\w+)/.exec(path);
  if (m) return m[1]!;
  if (/timeZone/.test(path)) return 'timeZone';
  return 'form';
}
