import { createTheme, localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ExportJobsHost } from '../features/documents/export-jobs-host';
import { coalesce } from '../lib/coalesce';
import { onEvent } from '../lib/rpc';
import { UnsavedChangesGuard } from '../lib/unsaved-guard';
import { HashDataRouter } from './hash-data-router';

const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps primary text (active nav, links) above WCAG AA contrast on light backgrounds.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif',
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm' } },
    // Mantine's × in a modal's header has no text: every dialog's close button gets a name here, once.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss dialog' } } },
    // The same for every other close button Mantine draws without text.
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    // The × of every clearable Select, MultiSelect and date field: named once here, not per field.
    InputClearButton: { defaultProps: { 'aria-label': 'Clear value' } },
  },
});

const colorSchemeManager = localStorageColorSchemeManager({ key: 'rollout-workbench.color-scheme' });

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 5_000, retry: false, refetchOnWindowFocus: false } },
  });
}

/** At most one refresh a second while changes keep coming: a burst of changes costs two refreshes, not one each. */
const REFRESH_GAP_MS = 1_000;

/**
 * Refresh what is on screen when main says data changed (another window, the CLI, the end of a long
 * job): every query is marked stale, only those in use refetch, and a burst of changes is coalesced
 * so it can never fill the browser's few connections with refetches.
 */
function DataChangedBridge({ client }: { client: QueryClient }) {
  useEffect(() => {
    // A list already being fetched is not cancelled and asked again: its answer, on its way, is kept.
    const refresh = coalesce(() => client.invalidateQueries({ refetchType: 'active' }, { cancelRefetch: false }), REFRESH_GAP_MS);
    try {
      return onEvent('data.changed', refresh);
    } catch {
      return undefined;
    }
  }, [client]);
  return null;
}

export function Providers({ children, router = true }: { children: ReactNode; router?: boolean }) {
  const [client] = useState(makeQueryClient);
  const inner = (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <ModalsProvider>
        {children}
        <ExportJobsHost />
        {router ? <UnsavedChangesGuard /> : null}
      </ModalsProvider>
    </MantineProvider>
  );
  return (
    <QueryClientProvider client={client}>
      {router ? <DataChangedBridge client={client} /> : null}
      {router ? <HashDataRouter>{inner}</HashDataRouter> : inner}
    </QueryClientProvider>
  );
}
