/** How the file is read: its sheet, header row and delimiter, and which kind of records it holds. Changing one reads it again. */
import { Alert, NumberInput, Select, SimpleGrid } from '@mantine/core';
import { useEffect, useState } from 'react';
import { IMPORT_KIND_LABEL, IMPORT_KINDS, type ImportKind } from '@core/portfolio/fields';
import type { Inspected, InspectInput } from './calls';

export type ReadChoice = Pick<InspectInput, 'sheet' | 'headerRow' | 'delimiter'> & { kind: ImportKind };

const DELIMITERS = [
  { value: ',', label: 'Comma (,)' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Vertical bar (|)' },
];

const rowsText = (n: number) => `${n.toLocaleString()} row${n === 1 ? '' : 's'}`;

export function ReadOptions({
  info,
  errors,
  reading,
  onReadAs,
}: {
  info: Inspected;
  /** Refusals of the last reading, by 'sheet', 'headerRow', 'delimiter'. */
  errors: Record<string, string>;
  reading: boolean;
  onReadAs: (choice: ReadChoice) => void;
}) {
  const current: ReadChoice = {
    sheet: info.sheet,
    headerRow: info.headerRow,
    delimiter: info.format === 'csv' ? (info.delimiter as ReadChoice['delimiter']) : null,
    kind: info.kind,
  };
  // The header row as typed: read again once it is a row number, not on every half-typed value.
  const [headerRow, setHeaderRow] = useState<string | number>(info.headerRow);
  useEffect(() => setHeaderRow(info.headerRow), [info.headerRow]);
  const commitHeaderRow = () => {
    const n = Number(headerRow);
    if (Number.isInteger(n) && n >= 1 && n !== info.headerRow) onReadAs({ ...current, headerRow: n });
  };
  return (
    <>
      {info.saved ? (
        <Alert color="blue" title={`Saved mapping: ${info.saved.name}`} data-testid="mapping-source">
          This file has the columns of a mapping you saved: it is filled in below. Check it before going on.
        </Alert>
      ) : info.preset ? (
        <Alert color="blue" title={`Looks like: ${info.preset.label}`} data-testid="mapping-source">
          The columns match {info.preset.source}: the mapping below follows it. Check it before going on.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Select
          label="The file holds"
          description="Which records each row is."
          data={IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABEL[k] }))}
          value={info.kind}
          onChange={(k) => k && k !== info.kind && onReadAs({ ...current, kind: k as ImportKind })}
          allowDeselect={false}
          disabled={reading}
        />
        {info.format === 'xlsx' && info.sheets.length > 1 ? (
          <Select
            label="Sheet"
            description="The workbook's sheets, with their rows."
            data={info.sheets.map((s) => ({ value: s.name, label: `${s.name} (${rowsText(s.rows)})` }))}
            value={info.sheet}
            onChange={(s) => s && s !== info.sheet && onReadAs({ ...current, sheet: s, headerRow: null })}
            allowDeselect={false}
            disabled={reading}
            error={errors.sheet}
          />
        ) : null}
        <NumberInput
          label="Header row"
          description={`The row with the column names (found: row ${info.headerRow}).`}
          min={1}
          max={1000}
          allowDecimal={false}
          allowNegative={false}
          value={headerRow}
          onChange={setHeaderRow}
          onBlur={commitHeaderRow}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitHeaderRow();
          }}
          disabled={reading}
          error={errors.headerRow}
        />
        {info.format === 'csv' ? (
          <Select
            label="Delimiter"
            description="The character between the columns."
            data={DELIMITERS}
            value={info.delimiter}
            onChange={(d) => d && d !== info.delimiter && onReadAs({ ...current, delimiter: d as ReadChoice['delimiter'] })}
            allowDeselect={false}
            disabled={reading}
            error={errors.delimiter}
          />
        ) : null}
      </SimpleGrid>
    </>
  );
}
