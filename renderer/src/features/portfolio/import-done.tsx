/** The import's last step: what was imported and left out, and where to see it. */
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ImportKind } from '@core/portfolio/fields';
import type { ImportResult } from './calls';

const rowsText = (n: number) => `${n.toLocaleString()} row${n === 1 ? '' : 's'}`;

const LIST_LINK: Record<ImportKind, { href: string; label: string }> = {
  sites: { href: '#/sites', label: 'Open the Sites list' },
  owners: { href: '#/sites', label: 'Open the Sites list' },
  clients: { href: '#/clients', label: 'Open Clients' },
  people: { href: '#/people', label: 'Open People' },
};

export function ImportDone({ result, kind, onAgain }: { result: ImportResult; kind: ImportKind; onAgain: () => void }) {
  const leftOut = result.bad + result.duplicates;
  return (
    <Paper withBorder p="md" data-testid="import-result">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {result.cancelled ? 'Import cancelled' : 'Import finished'}
        </Title>
        <Text size="sm" data-testid="import-result-text">
          {`${rowsText(result.imported)} imported`}
          {leftOut ? `, ${rowsText(leftOut)} left out (bad or repeated in the file)` : ''}
          {result.cancelled ? '; the batches written before the cancel are kept, nothing after it was written' : ''}.
        </Text>
        <Group>
          <Anchor href={LIST_LINK[kind].href}>{LIST_LINK[kind].label}</Anchor>
          {kind !== 'sites' && kind !== 'owners' ? <Anchor href="#/sites">Open the Sites list</Anchor> : null}
          <Button variant="default" size="xs" onClick={onAgain}>
            Import another file
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
