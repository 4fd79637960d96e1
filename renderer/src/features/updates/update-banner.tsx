/**
 * The shell's notice that a newer version is downloaded: "Version X is downloaded" with "Restart to
 * update", "What's new" and "Later". Nothing shows otherwise (up to date, checking, downloading:
 * Settings → Updates shows those). "Later" hides it for that version until the app starts again,
 * so a newer version found meanwhile shows it again; focus goes to the page's heading, not the body.
 */
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useUpdateState } from './queries';
import { RestartControl } from './restart-control';

/** sessionStorage lasts as long as the window: a reload keeps "Later", a new start of the app forgets it. */
const LATER_KEY = 'rollout-workbench.update-later';

function useLater(): [string | null, (version: string) => void] {
  const [later, setLater] = useState<string | null>(() => sessionStorage.getItem(LATER_KEY));
  return [
    later,
    (version) => {
      sessionStorage.setItem(LATER_KEY, version);
      setLater(version);
    },
  ];
}

export function UpdateBanner() {
  const { data: state } = useUpdateState();
  const [later, setLater] = useLater();
  const ref = useRef<HTMLDivElement>(null);
  const version = state?.available?.version;
  if (!state || state.status !== 'ready' || !version || later === version) return null;
  return (
    <Alert
      color="indigo"
      variant="light"
      icon={<IconDownload size={18} />}
      role="region"
      aria-label="Update ready"
      mb="md"
      data-testid="update-banner"
      ref={ref}
    >
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          Version {version} is downloaded. Restarting takes a few seconds; your workspaces are kept.
        </Text>
        <RestartControl state={state}>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => {
              const main = ref.current?.closest('main') ?? document.querySelector('main');
              setLater(version);
              focusHeading(main);
            }}
          >
            Later
          </Button>
        </RestartControl>
      </Stack>
    </Alert>
  );
}

/** Where focus goes once the banner is gone: the page's main heading, else the main landmark itself. */
function focusHeading(main: Element | null): void {
  const target = main?.querySelector<HTMLElement>('h1, h2') ?? (main as HTMLElement | null);
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
