/**
 * The workspace badge in the shell header: which workspace is open (and whether it is read-only), and a
 * menu to switch to a recent one, create one, or open a file chosen in main's dialog (desktop only).
 * A workspace that cannot be opened is refused with the problem's words; the current one stays open.
 */
import { Badge, Button, Group, Menu, Text } from '@mantine/core';
import { IconCheck, IconChevronDown, IconFilePlus, IconFolderOpen } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RecentWorkspace } from '@core/contract/workspace';
import { notifyError } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { useOpenWorkspace } from './mutations';
import { NewWorkspaceDialog } from './new-workspace-dialog';
import { workspaceStateQuery } from './queries';

/** Opens a recent workspace or main's file dialog; refusals become a notification naming the problem. */
export function useSwitchWorkspace() {
  const open = useOpenWorkspace();
  return {
    pending: open.isPending,
    toRecent: (r: RecentWorkspace) => open.mutate({ recentId: r.id }, { onError: (err) => notifyError(err, `${r.name} could not be opened`) }),
    choose: () => open.mutate({ choose: true }, { onError: (err) => notifyError(err, 'The workspace could not be opened') }),
  };
}

export function WorkspaceSwitcher() {
  const state = useQuery(workspaceStateQuery());
  const go = useSwitchWorkspace();
  const [creating, setCreating] = useState(false);
  // File ▸ New Workspace… in the desktop menu asks this page for the name.
  useEffect(() => {
    try {
      return onEvent('workspace.command', ({ command }) => {
        if (command === 'new-workspace') setCreating(true);
      });
    } catch {
      return undefined;
    }
  }, []);
  const s = state.data;
  if (!s) return null;
  const others = s.recent.filter((r) => !r.current);
  return (
    <>
      {/* No focus placeholder: a menu may hold menu items only (axe: aria-required-children). */}
      <Menu position="bottom-start" withinPortal withInitialFocusPlaceholder={false}>
        <Menu.Target>
          <Button
            variant="default"
            size="compact-sm"
            rightSection={<IconChevronDown size={14} />}
            loading={go.pending}
            aria-label={`Workspace: ${s.name}${s.readOnly ? ' (read-only)' : ''}. Switch workspace`}
            title={s.file}
            data-testid="workspace-name"
          >
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate maw={220}>
                {s.name}
              </Text>
              {s.readOnly ? (
                <Badge size="xs" color="orange" variant="light">
                  read-only
                </Badge>
              ) : null}
            </Group>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Open now</Menu.Label>
          <Menu.Item leftSection={<IconCheck size={14} />} disabled>
            {s.name}
            <Text size="xs" c="dimmed">
              {s.folder}
            </Text>
          </Menu.Item>
          {others.length ? <Menu.Label>Recent workspaces</Menu.Label> : null}
          {others.map((r) => (
            <Menu.Item key={r.id} onClick={() => go.toRecent(r)} disabled={!r.exists} aria-label={`Open ${r.name}${r.exists ? '' : ' (missing)'}`}>
              {r.name}
              <Text size="xs" c="dimmed">
                {r.exists ? r.folder : `missing from ${r.folder}`}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconFilePlus size={14} />} onClick={() => setCreating(true)}>
            New workspace…
          </Menu.Item>
          {s.canChooseFiles ? (
            <Menu.Item leftSection={<IconFolderOpen size={14} />} onClick={go.choose}>
              Open…
            </Menu.Item>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <NewWorkspaceDialog opened={creating} onClose={() => setCreating(false)} folder={s.folder} canChoose={s.canChooseFiles} />
    </>
  );
}
