import { createTheme, localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { HashRouter } from 'react-router';
import { onEvent } from '../lib/rpc';

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
  },
});

const colorSchemeManager = localStorageColorSchemeManager({ key: 'rollout-workbench.color-scheme' });

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 5_000, retry: false, refetchOnWindowFocus: false } },
  });
}

/** Refetch everything when main says data changed (another window, the CLI, a sync). */
function DataChangedBridge({ client }: { client: QueryClient }) {
  useEffect(() => {
    try {
      return onEvent('data.changed', () => void client.invalidateQueries());
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
      <ModalsProvider>{children}</ModalsProvider>
    </MantineProvider>
  );
  return (
    <QueryClientProvider client={client}>
      {router ? <DataChangedBridge client={client} /> : null}
      {router ? <HashRouter>{inner}</HashRouter> : inner}
    </QueryClientProvider>
  );
}
