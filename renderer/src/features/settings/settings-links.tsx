/** The Settings cards that lead to a page of their own: what the page is for, and a link to it. */
import { Button, Group, Paper, Text, Title } from '@mantine/core';

const PAGES = [
  {
    title: 'Backups',
    text: 'Back up the workspace now (optionally encrypted), choose how many automatic daily backups are kept, and restore one after a preview of what it holds.',
    href: '#/settings/backups',
    label: 'Backups and restore',
  },
  {
    title: 'Handover bundles',
    text: 'Move a client’s rollout to another machine or agency: export everything, or import a bundle with a preview of what it adds and changes.',
    href: '#/settings/bundles',
    label: 'Handover bundles',
  },
] as const;

export function SettingsPageLinks() {
  return PAGES.map((p) => (
    <Paper key={p.href} withBorder p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Title order={3} size="h5">
            {p.title}
          </Title>
          <Text size="sm" c="dimmed">
            {p.text}
          </Text>
        </div>
        <Button component="a" href={p.href} variant="default" style={{ flexShrink: 0 }}>
          {p.label}
        </Button>
      </Group>
    </Paper>
  ));
}
