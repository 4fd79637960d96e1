/**
 * "Secrets in this workspace" (Settings): scans every record and the history for text that looks like
 * a credential, lists where each is (masked), and redacts them all after a confirmation.
 */
import { Alert, Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { errorMessage, notifySaved } from '../../lib/errors';
import { useFindSecrets, useRedactSecrets } from '../workspace/mutations';

export function SecretsSection() {
  const scan = useFindSecrets();
  const redact = useRedactSecrets({
    onSuccess: (r) => {
      notifySaved(r.summary);
      scan.reset();
    },
  });
  const locations = scan.data?.locations ?? [];
  const inHistory = locations.filter((l) => l.inHistory).length;

  const confirmRedact = () =>
    modals.openConfirmModal({
      title: `Redact ${locations.length === 1 ? 'this secret' : `these ${locations.length} places`}?`,
      children: (
        <Text size="sm">
          Each secret is replaced by “[secret removed {new Date().toISOString().slice(0, 10)}]” in the records
          {inHistory ? ` and in ${inHistory} history ${inHistory === 1 ? 'row' : 'rows'}` : ''}. The old text cannot be brought back. The redaction is recorded
          in history (without the secret), and Verify workspace will show it. Rotate the secret at its provider too: it may have been copied before.
        </Text>
      ),
      labels: { confirm: 'Redact all', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => redact.mutate({ confirm: true }),
    });

  return (
    <Paper withBorder p="md" aria-labelledby="secrets-section-title">
      <Title order={3} size="h5" id="secrets-section-title">
        Secrets in this workspace
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        New text that looks like a key, a private key or a password is refused when it is typed. Scan to find any that got in another way (an older version,
        another tool) in records and in history; redacting replaces each by a dated marker.
      </Text>
      <Group>
        <Button onClick={() => scan.mutate()} loading={scan.isPending}>
          Scan for secrets
        </Button>
        {scan.data && locations.length ? (
          <Button color="red" variant="light" onClick={confirmRedact} loading={redact.isPending}>
            Redact all
          </Button>
        ) : null}
        {scan.data ? (
          <Text size="sm" role="status">
            {locations.length
              ? `Found ${locations.length} ${locations.length === 1 ? 'place' : 'places'} with a secret in ${scan.data.scannedRows.toLocaleString()} records and history rows.`
              : `No secrets found in ${scan.data.scannedRows.toLocaleString()} records and history rows.`}
          </Text>
        ) : null}
      </Group>
      {scan.isError || redact.isError ? (
        <Alert color="red" mt="sm">
          {errorMessage(scan.error ?? redact.error)}
        </Alert>
      ) : null}
      {locations.length ? (
        <Table mt="md" verticalSpacing="xs" aria-label="Secrets found">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Where</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Field</Table.Th>
              <Table.Th>Found</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {locations.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  {l.place}{' '}
                  {l.inHistory ? (
                    <Badge size="xs" variant="outline">
                      history
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{l.record}</Table.Td>
                <Table.Td>{l.field}</Table.Td>
                <Table.Td>{l.found}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Paper>
  );
}
