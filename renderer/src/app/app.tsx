import { ActionIcon, AppShell, Badge, Group, NavLink, Text, Title, Tooltip, UnstyledButton, useMantineColorScheme } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconKeyboard, IconMoon, IconSearch, IconSun } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useGo } from '../lib/navigation';
import { useDialogFocusReturn } from '../lib/focus-return';
import { focusPageSearch } from '../lib/page-search';
import { onEvent } from '../lib/rpc';
import { ClientsPage } from '../features/clients/clients-page';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { PeoplePage } from '../features/people/people-page';
import { PlaybookPage } from '../features/playbook/playbook-page';
import { ImportPage } from '../features/portfolio/import-page';
import { ReviewsPage } from '../features/reviews/reviews-page';
import { ClientRunbookPage, RunbookTemplatePage } from '../features/runbook/runbook-pages';
import { SopPage } from '../features/playbook/sop-page';
import { BackupsPage } from '../features/backups/backups-page';
import { BundlesPage } from '../features/bundles/bundles-page';
import { SettingsPage } from '../features/settings/settings-page';
import { WorkspaceNotices } from '../features/settings/verify-workspace';
import { NewSitePage } from '../features/sites/new-site-page';
import { SitePage } from '../features/sites/site-page';
import { SitesPage } from '../features/sites/sites-page';
import { CommandPalette } from './palette';
import { IdentityControl } from './identity';
import { ReadOnlyBanner } from './read-only-banner';
import { UpdateBanner } from '../features/updates/update-banner';
import { DigestFailingAlert } from '../features/reminders/digest-alert';
import { ReminderCard, useDailyReminder } from './reminder';
import { KeyCaps, keysText, NAV, shortcutFor, ShortcutsSheet, useShortcuts, type ShortcutCommand } from './shortcuts';
import { workspaceQueries } from '../features/workspace/queries';
import { useWorkspaceTitle, WorkspaceGate } from '../features/workspace/workspace-gate';
import { WorkspaceSwitcher } from '../features/workspace/workspace-switcher';
import { reviewQueries } from '../features/reviews/queries';

/** The app, or the recovery screen when the workspace failed its checks (features/workspace/workspace-gate.tsx). */
export function App() {
  return (
    <WorkspaceGate>
      <Shell />
    </WorkspaceGate>
  );
}

function Shell() {
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const navigate = useGo();
  const location = useLocation();
  const info = useQuery(workspaceQueries.info());
  const [sheetOpen, setSheetOpen] = useState(false);
  const showShortcuts = useCallback(() => setSheetOpen(true), []);
  useDialogFocusReturn();
  useShortcuts((command: ShortcutCommand) => {
    if (typeof command === 'object') navigate(command.go);
    else if (command === 'new-site') navigate('/sites/new');
    else if (command === 'focus-search') focusPageSearch();
    else if (command === 'shortcuts') setSheetOpen(true);
    else if (command === 'toggle-theme') toggleColorScheme();
    else spotlight.open();
  });
  // Application-menu commands from the Electron shell.
  useEffect(
    () =>
      onEvent('menu.command', ({ command }) => {
        if (command === 'new-site') navigate('/sites/new');
        else if (command === 'new-client') navigate('/clients?new=1');
        else if (command === 'new-person') navigate('/people?new=1');
        else if (command === 'toggle-theme') toggleColorScheme();
        else spotlight.open();
      }),
    [navigate, toggleColorScheme],
  );
  const reviews = useQuery({ ...reviewQueries.summary(), refetchInterval: 60_000 });
  const dueCount = (reviews.data?.overdue ?? 0) + (reviews.data?.due ?? 0);
  // The workspace and the overdue count in the title: the taskbar, the window switcher and the browser tab show it.
  const workspaceTitle = useWorkspaceTitle();
  useEffect(() => {
    const overdue = reviews.data?.overdue ?? 0;
    document.title = overdue > 0 ? `(${overdue} overdue) ${workspaceTitle}` : workspaceTitle;
  }, [reviews.data?.overdue, workspaceTitle]);
  // Reminders: once a day per workspace, and whenever main's scheduler finds something new.
  const reviewsText = reviews.data
    ? [reviews.data.overdue ? `${reviews.data.overdue} overdue` : '', reviews.data.due ? `${reviews.data.due} due today` : ''].filter(Boolean).join(', ')
    : '';
  const summary = useMemo(
    () => (reviews.data && dueCount > 0 ? { title: `Reviews: ${reviewsText}`, overdue: reviews.data.overdue > 0 } : null),
    [reviews.data, dueCount, reviewsText],
  );
  const { reminder, dismiss: dismissReminder } = useDailyReminder(info.data?.path, summary);
  useEffect(() => onEvent('navigate', ({ to }) => navigate(to)), [navigate]);

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 210, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Title order={1} size="h5">
              Rollout Workbench
            </Title>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <UnstyledButton onClick={() => spotlight.open()} aria-label={`Search everything (${keysText(shortcutFor('palette')!.keys[0]!)})`}>
              <Group gap={6} c="dimmed" wrap="nowrap">
                <IconSearch size={16} />
                <Text size="sm">Search</Text>
                <KeyCaps keys={shortcutFor('palette')!.keys[0]!} />
              </Group>
            </UnstyledButton>
            <Tooltip label={`Keyboard shortcuts (${keysText(shortcutFor('shortcuts')!.keys[0]!)})`}>
              <ActionIcon variant="default" onClick={showShortcuts} aria-label="Keyboard shortcuts">
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={colorScheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="default" onClick={() => toggleColorScheme()} aria-label="Toggle colour theme">
                {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
            <IdentityControl />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppShell.Section grow component="nav" aria-label="Main">
          {NAV.map((n) => {
            const keys = shortcutFor(`go-${n.letter}`)!.keys;
            return (
              <Tooltip
                key={n.to}
                position="right"
                openDelay={400}
                label={
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs">{n.to === '/reviews' && dueCount > 0 ? `Reviews: ${reviewsText}` : n.label}</Text>
                    <KeyCaps keys={keys[0]!} />
                    <KeyCaps keys={keys[1]!} />
                  </Group>
                }
              >
                <NavLink
                  label={n.label}
                  aria-keyshortcuts={keys[1] && 'chord' in keys[1] ? `Alt+${keys[1].chord.key}` : undefined}
                  rightSection={
                    n.to === '/reviews' && dueCount > 0 ? (
                      <Badge
                        size="sm"
                        color={reviews.data?.overdue ? 'red' : 'orange'}
                        variant="filled"
                        aria-label={`Reviews: ${reviewsText}`}
                        data-testid="reviews-badge"
                      >
                        {dueCount}
                      </Badge>
                    ) : null
                  }
                  leftSection={<n.icon size={18} />}
                  active={location.pathname.startsWith(n.to)}
                  onClick={() => navigate(n.to)}
                  href={`#${n.to}`}
                  component="a"
                />
              </Tooltip>
            );
          })}
        </AppShell.Section>
        {reminder ? (
          <AppShell.Section>
            <ReminderCard reminder={reminder} onDismiss={dismissReminder} />
          </AppShell.Section>
        ) : null}
      </AppShell.Navbar>
      <AppShell.Main>
        {/* Marker for tests and screenshots: the workspace answered and the shell is up. */}
        {info.isSuccess ? <span data-testid="app-ready" className="rw-ready" aria-hidden /> : null}
        <ReadOnlyBanner />
        <UpdateBanner />
        <DigestFailingAlert />
        {info.isError ? (
          <Text c="red" role="alert">
            The workspace cannot be reached: {String((info.error as Error).message)}
          </Text>
        ) : null}
        <Routes>
          <Route path="/" element={<Navigate to="/dashboard" replace />} />
          <Route path="/dashboard" element={<DashboardPage />} />
          <Route path="/sites" element={<SitesPage />} />
          <Route path="/sites/new" element={<NewSitePage />} />
          <Route path="/sites/:id/:tab?" element={<SitePage />} />
          <Route path="/clients" element={<ClientsPage />} />
          <Route path="/clients/:id/runbook" element={<ClientRunbookPage />} />
          <Route path="/people" element={<PeoplePage />} />
          <Route path="/import" element={<ImportPage />} />
          <Route path="/reviews" element={<ReviewsPage />} />
          <Route path="/playbook" element={<PlaybookPage />} />
          <Route path="/playbook/:workflow/:role" element={<SopPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/settings/runbook" element={<RunbookTemplatePage />} />
          <Route path="/settings/backups" element={<BackupsPage />} />
          <Route path="/settings/bundles" element={<BundlesPage />} />
          <Route path="*" element={<Navigate to="/dashboard" replace />} />
        </Routes>
      </AppShell.Main>
      <CommandPalette onShowShortcuts={showShortcuts} />
      <ShortcutsSheet opened={sheetOpen} onClose={() => setSheetOpen(false)} />
      <WorkspaceNotices />
    </AppShell>
  );
}
