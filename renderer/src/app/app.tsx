import { ActionIcon, Anchor, AppShell, Badge, Group, Kbd, NavLink, Text, Title, Tooltip, UnstyledButton, useMantineColorScheme } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Spotlight, spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconBook, IconBuildingStore, IconCalendarCheck, IconGauge, IconSettings, IconMoon, IconPlus, IconSearch, IconSun, IconUsers, IconWorld } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { onEvent, rpc } from '../lib/rpc';
import { useDebounced } from '../lib/use-debounced';
import { ClientsPage } from '../features/clients/clients-page';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { PeoplePage } from '../features/people/people-page';
import { PlaybookPage } from '../features/playbook/playbook-page';
import { ReviewsPage } from '../features/reviews/reviews-page';
import { SopPage } from '../features/playbook/sop-page';
import { SettingsPage } from '../features/settings/settings-page';
import { WorkspaceNotices } from '../features/settings/verify-workspace';
import { NewSitePage } from '../features/sites/new-site-page';
import { SitePage } from '../features/sites/site-page';
import { SitesPage } from '../features/sites/sites-page';
import { ReadOnlyBanner } from './read-only-banner';

const NAV = [
  { to: '/dashboard', label: 'Dashboard', icon: IconGauge, key: 'g d' },
  { to: '/sites', label: 'Sites', icon: IconWorld, key: 'g s' },
  { to: '/clients', label: 'Clients', icon: IconBuildingStore, key: 'g c' },
  { to: '/people', label: 'People', icon: IconUsers, key: 'g p' },
  { to: '/reviews', label: 'Reviews', icon: IconCalendarCheck, key: 'g r' },
  { to: '/playbook', label: 'Playbook', icon: IconBook, key: 'g b' },
  { to: '/settings', label: 'Settings', icon: IconSettings, key: 'g t' },
];

/** The in-window reminder (one at a time: a new one replaces the last). */
function showReviewsDue(title: string, overdue: boolean) {
  notifications.show({ id: 'reviews-due', color: overdue ? 'red' : 'orange', title, message: <Anchor href="#/reviews">Open Reviews</Anchor>, autoClose: 10_000, closeButtonProps: { 'aria-label': 'Dismiss' } });
}

function CommandPalette() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 150);
  const sites = useQuery({
    queryKey: ['sites.list', 'palette', debounced],
    queryFn: () => rpc('sites.list', { search: debounced, limit: 8 }),
    enabled: debounced.trim().length >= 2,
  });
  const actions = useMemo<SpotlightActionData[]>(() => {
    const base: SpotlightActionData[] = [
      ...NAV.map((n) => ({ id: n.to, label: `Go to ${n.label}`, leftSection: <n.icon size={18} />, onClick: () => navigate(n.to) })),
      { id: 'new-site', label: 'New site', description: 'Record a client site and its setup record', leftSection: <IconPlus size={18} />, onClick: () => navigate('/sites/new') },
      { id: 'new-client', label: 'New client', leftSection: <IconPlus size={18} />, onClick: () => navigate('/clients?new=1') },
      { id: 'new-person', label: 'New person', leftSection: <IconPlus size={18} />, onClick: () => navigate('/people?new=1') },
    ];
    const found = (sites.data?.rows ?? []).map((s) => ({
      id: `site-${s.id}`,
      label: s.name,
      description: `${s.clientName} · ${s.productionUrl}`,
      leftSection: <IconWorld size={18} />,
      onClick: () => navigate(`/sites/${s.id}`),
    }));
    return [...found, ...base];
  }, [navigate, sites.data]);
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      nothingFound="Nothing found"
      highlightQuery
      limit={14}
      filter={(q, list) => {
        const needle = q.trim().toLowerCase();
        if (!needle) return list;
        return (list as SpotlightActionData[]).filter(
          (a) => a.id.startsWith('site-') || `${a.label} ${a.description ?? ''}`.toLowerCase().includes(needle),
        );
      }}
      searchProps={{ leftSection: <IconSearch size={18} />, placeholder: 'Search sites, go to a page, create…', 'aria-label': 'Command palette search' }}
    />
  );
}

export function App() {
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const navigate = useNavigate();
  const location = useLocation();
  const info = useQuery({ queryKey: ['workspace.info'], queryFn: () => rpc('workspace.info', {}) });
  useHotkeys([
    ['mod+shift+L', () => toggleColorScheme()],
    ['mod+N', () => navigate('/sites/new')],
    ...NAV.map((n, i) => [`alt+${i + 1}`, () => navigate(n.to)] as [string, () => void]),
  ]);
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
  const fileName = info.data?.path.split(/[\\/]/).pop();
  const reviews = useQuery({ queryKey: ['reviews.summary'], queryFn: () => rpc('reviews.summary', {}), refetchInterval: 60_000 });
  const dueCount = (reviews.data?.overdue ?? 0) + (reviews.data?.due ?? 0);
  // The overdue count in the title: the taskbar, the window switcher and the browser tab show it.
  useEffect(() => {
    const overdue = reviews.data?.overdue ?? 0;
    document.title = overdue > 0 ? `(${overdue} overdue) Rollout Workbench` : 'Rollout Workbench';
  }, [reviews.data?.overdue]);
  // Reminders: once when the app opens, then whenever main's scheduler finds something new.
  const announced = useRef(false);
  useEffect(() => {
    if (announced.current || !reviews.data || dueCount === 0) return;
    announced.current = true;
    const parts = [reviews.data.overdue ? `${reviews.data.overdue} overdue` : '', reviews.data.due ? `${reviews.data.due} due today` : ''].filter(Boolean);
    showReviewsDue(`Reviews: ${parts.join(', ')}`, reviews.data.overdue > 0);
  }, [reviews.data, dueCount]);
  useEffect(
    () =>
      onEvent('reminders.due', (n) => showReviewsDue(n.title, n.overdue > 0)),
    [],
  );
  useEffect(() => onEvent('navigate', ({ to }) => navigate(to)), [navigate]);

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 210, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Title order={1} size="h5">
              Rollout Workbench
            </Title>
            {fileName ? (
              <Tooltip label={info.data?.path}>
                <Badge variant="default" tt="none" data-testid="workspace-name">
                  {fileName}
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <UnstyledButton onClick={() => spotlight.open()} aria-label="Open command palette">
              <Group gap={6} c="dimmed" wrap="nowrap">
                <IconSearch size={16} />
                <Text size="sm">Search</Text>
                <Kbd size="xs">Ctrl K</Kbd>
              </Group>
            </UnstyledButton>
            <Tooltip label={colorScheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="default" onClick={() => toggleColorScheme()} aria-label="Toggle colour theme">
                {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <nav aria-label="Main">
          {NAV.map((n) => (
            <NavLink
              key={n.to}
              label={n.label}
              rightSection={
                n.to === '/reviews' && dueCount > 0 ? (
                  <Badge size="sm" color={reviews.data?.overdue ? 'red' : 'orange'} variant="filled" aria-label={`${dueCount} reviews due or overdue`} data-testid="reviews-badge">
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
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        {/* Marker for tests and screenshots: the workspace answered and the shell is up. */}
        {info.isSuccess ? <span data-testid="app-ready" className="rw-ready" aria-hidden /> : null}
        <ReadOnlyBanner />
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
          <Route path="/people" element={<PeoplePage />} />
          <Route path="/reviews" element={<ReviewsPage />} />
          <Route path="/playbook" element={<PlaybookPage />} />
          <Route path="/playbook/:workflow/:role" element={<SopPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<Navigate to="/dashboard" replace />} />
        </Routes>
      </AppShell.Main>
      <CommandPalette />
      <WorkspaceNotices />
    </AppShell>
  );
}
