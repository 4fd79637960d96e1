/** "Export handover bundle": main asks where to write it (a folder dialog) and says where it went. */
import { Button, Group, Text, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPackageExport } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { useExportBundle } from './mutations';

export interface ExportBundleButtonProps extends Pick<ButtonProps, 'size' | 'variant'> {
  scope: { kind: 'site' | 'client' | 'all'; id?: string };
  /** What is exported, for the button's accessible name ("Export handover bundle of Acme Retail"). */
  name?: string;
  label?: string;
}

export function ExportBundleButton({ scope, name, label = 'Export handover bundle', size, variant = 'default' }: ExportBundleButtonProps) {
  const exporting = useExportBundle();
  const jobId = useRef(`bundle-export-${Math.random().toString(36).slice(2, 10)}`);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  useEffect(
    () =>
      onEvent('bundle.progress', (p) => {
        if (p.jobId === jobId.current && p.phase === 'documents') setProgress({ done: p.done, total: p.total });
      }),
    [],
  );
  const run = () => {
    setProgress(null);
    exporting.mutate(
      { scope, jobId: jobId.current },
      {
        onSuccess: (r) => {
          // A cancelled folder dialog answers no file: nothing to say.
          if (!r.file) return;
          const sites = r.counts.sites ?? 0;
          notifications.show({
            color: 'teal',
            title: 'Handover bundle exported',
            message: `${sites} site${sites === 1 ? ' with its' : 's with their'} records, history and documents, written to ${r.file}.`,
            autoClose: 8000,
            closeButtonProps: { 'aria-label': 'Dismiss' },
          });
        },
        onError: (e) =>
          notifications.show({
            color: 'red',
            title: 'The bundle was not exported',
            message: errorMessage(e),
            autoClose: false,
            closeButtonProps: { 'aria-label': 'Dismiss' },
          }),
        onSettled: () => setProgress(null),
      },
    );
  };
  return (
    <Group gap="xs">
      <Button
        size={size}
        variant={variant}
        leftSection={<IconPackageExport size={16} />}
        onClick={run}
        loading={exporting.isPending}
        aria-label={name ? `${label} of ${name}` : label}
      >
        {label}
      </Button>
      {exporting.isPending && progress && progress.total > 1 ? (
        <Text size="xs" c="dimmed" role="status">
          Documents of {progress.done} of {progress.total} sites…
        </Text>
      ) : null}
    </Group>
  );
}
