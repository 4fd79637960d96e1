/**
 * "Export" on a list: the list as CSV or Excel (and JSON for sites), written by main into the folder
 * its dialog gives. The Sites list passes its filters and sort, so the file holds what the list shows.
 */
import { Button, Group, Menu, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconFileExport, IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { notifyError } from '../../lib/errors';
import { useGo } from '../../lib/navigation';
import { exportPortfolio, type ExportInput } from './calls';

type What = ExportInput['what'];
type Format = ExportInput['format'];

const NOUN: Record<What, [string, string]> = {
  sites: ['site', 'sites'],
  clients: ['client', 'clients'],
  people: ['person', 'people'],
  owners: ['owner assignment', 'owner assignments'],
};

const FORMATS: { format: Format; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'json', label: 'JSON' },
];

export function exportedMessage(what: What, rows: number, file: string): string {
  const [one, many] = NOUN[what];
  return `Saved ${rows.toLocaleString()} ${rows === 1 ? one : many} to ${file}`;
}

export function ExportMenu({
  what,
  filter,
  siteId,
  label = 'Export',
  size,
  disabled,
}: {
  what: What;
  filter?: ExportInput['filter'];
  siteId?: string;
  label?: string;
  size?: ButtonProps['size'];
  disabled?: boolean;
}) {
  const [busy, setBusy] = useState<Format | null>(null);
  const run = async (format: Format) => {
    setBusy(format);
    try {
      const out = await exportPortfolio({ what, format, ...(filter ? { filter } : {}), ...(siteId ? { siteId } : {}) });
      // A cancelled folder dialog is the user's choice: nothing to say.
      if (out.file === null) return;
      notifications.show({
        color: 'teal',
        title: 'Exported',
        message: exportedMessage(what, out.rows, out.file),
        autoClose: 8000,
        closeButtonProps: { 'aria-label': 'Dismiss' },
      });
    } catch (e) {
      notifyError(e, 'Not exported');
    } finally {
      setBusy(null);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size={size}
          leftSection={<IconFileExport size={16} />}
          rightSection={<IconChevronDown size={14} />}
          loading={busy !== null}
          disabled={disabled}
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FORMATS.filter((f) => f.format !== 'json' || what === 'sites').map((f) => (
          <Menu.Item key={f.format} onClick={() => void run(f.format)}>
            {f.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** "Import…" and "Export" for a directory page (Clients, People): the whole list goes out; a spreadsheet comes in. */
export function ImportExportActions({ what }: { what: 'clients' | 'people' }) {
  const go = useGo();
  return (
    <Group gap="xs" ml="auto">
      <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => go(`/import?kind=${what}`)}>
        Import…
      </Button>
      <ExportMenu what={what} />
    </Group>
  );
}
