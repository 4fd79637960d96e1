/** Settings -> Handover bundles: export the whole workspace, or import a bundle from another machine. */
import { Anchor, Breadcrumbs, FileButton, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPackageImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { ExportBundleButton } from './export-button';
import { ImportBundleDialog } from './import-flow';

export function BundlesPage() {
  const [file, setFile] = useState<{ id: number; file: File } | null>(null);
  const next = useRef(0);
  return (
    <Stack maw={900}>
      <Breadcrumbs>
        <Anchor href="#/settings">Settings</Anchor>
        <span>Handover bundles</span>
      </Breadcrumbs>
      <Title order={2}>Handover bundles</Title>
      <Text size="sm" c="dimmed">
        A handover bundle moves a client’s rollout to another machine or another agency: its records, their history and each site’s current documents, in one
        zip file with a checksum for every part. Export one client or one site from its page, or everything here.
      </Text>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>Export everything</Title>
          <Text size="sm">Every client, site and person with their history and documents. You choose the folder it is written to.</Text>
          <Group>
            <ExportBundleButton scope={{ kind: 'all' }} label="Export everything" variant="filled" />
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>Import a bundle</Title>
          <Text size="sm">
            You see what it would add and change before anything is written. Records edited differently here and in the bundle are shown side by side for you to
            choose; this workspace is backed up first.
          </Text>
          <Group>
            <FileButton accept=".zip,application/zip" onChange={(f) => f && setFile({ id: ++next.current, file: f })}>
              {(props) => (
                <Button variant="default" leftSection={<IconPackageImport size={16} />} {...props}>
                  Import a bundle…
                </Button>
              )}
            </FileButton>
          </Group>
        </Stack>
      </Paper>
      {file ? <ImportBundleDialog key={file.id} file={file.file} onClose={() => setFile(null)} /> : null}
    </Stack>
  );
}
