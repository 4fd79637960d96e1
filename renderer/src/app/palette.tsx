/**
 * The command palette (Ctrl/Cmd+K): searches everything (`search.everything`) and runs commands.
 *
 * It keeps its own list and selection instead of Spotlight's, which marks the selected action on the
 * DOM and loses the mark whenever the results change (Enter then did nothing) or the list is
 * briefly empty (Enter then threw on an empty list id). Here the first result is always the active
 * one until the user moves, and Enter never acts on results of older text: it waits for the results
 * of what is typed, then opens the first (or the one chosen, if it is still there).
 */
import { Box, Group, Highlight, Kbd, Loader, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { spotlight, Spotlight } from '@mantine/spotlight';
import { IconAlertTriangle, IconBook, IconBuildingStore, IconFileImport, IconKeyboard, IconPlus, IconSearch, IconUser, IconWorld } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useGo } from '../lib/navigation';
import { SEARCH_MAX_LENGTH, type SearchKind } from '@core/contract/search';
import { foldForSearch } from '@core/search-fold';
import { KeyCaps, NAV, shortcutFor, VISUALLY_HIDDEN } from './shortcuts';
import { searchQueries } from '../features/search/queries';

interface Item {
  key: string;
  group: string;
  title: string;
  snippet?: string;
  icon: ReactNode;
  run: () => void;
  keys?: ReactNode;
}

const KIND_ICON: Record<SearchKind, ReactNode> = {
  site: <IconWorld size={18} />,
  client: <IconBuildingStore size={18} />,
  person: <IconUser size={18} />,
  incident: <IconAlertTriangle size={18} />,
  sop: <IconBook size={18} />,
};

/** How long typing pauses before the search runs (Enter runs it at once). */
const DEBOUNCE_MS = 120;

export function CommandPalette({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const navigate = useGo();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [active, setActive] = useState<string | null>(null);
  // Enter pressed before the results of the typed text arrived: the text and the item chosen then.
  const [pending, setPending] = useState<{ text: string; key: string | null } | null>(null);
  const listId = useId();
  const typed = query.trim();

  useEffect(() => {
    const t = window.setTimeout(() => setSearched(typed), DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [typed]);

  const search = useQuery(searchQueries.everything(searched));
  const fresh = search.data !== undefined && search.data.query === typed && !search.isPlaceholderData;

  const go = (to: string) => () => navigate(to);
  const commands = useMemo<Item[]>(
    () => [
      ...NAV.map((n) => {
        const sc = shortcutFor(`go-${n.letter}`);
        return {
          key: `go:${n.to}`,
          group: 'Commands',
          title: `Go to ${n.label}`,
          icon: <n.icon size={18} />,
          run: go(n.to),
          keys: sc ? <KeyCaps keys={sc.keys[0]!} /> : undefined,
        };
      }),
      {
        key: 'new-site',
        group: 'Commands',
        title: 'New site',
        snippet: 'Record a client site and its setup record',
        icon: <IconPlus size={18} />,
        run: go('/sites/new'),
        keys: <KeyCaps keys={shortcutFor('new-site')!.keys[0]!} />,
      },
      { key: 'new-client', group: 'Commands', title: 'New client', icon: <IconPlus size={18} />, run: go('/clients?new=1') },
      { key: 'new-person', group: 'Commands', title: 'New person', icon: <IconPlus size={18} />, run: go('/people?new=1') },
      {
        key: 'import',
        group: 'Commands',
        title: 'Import sites, clients or people',
        snippet: 'From a CSV or Excel file, or a MainWP or ManageWP export',
        icon: <IconFileImport size={18} />,
        run: go('/import'),
      },
      {
        key: 'shortcuts',
        group: 'Commands',
        title: 'Show keyboard shortcuts',
        icon: <IconKeyboard size={18} />,
        run: onShowShortcuts,
        keys: <KeyCaps keys={shortcutFor('shortcuts')!.keys[0]!} />,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [navigate, onShowShortcuts],
  );

  const items = useMemo<Item[]>(() => {
    if (!typed) return commands;
    const needle = foldForSearch(typed);
    const matching = commands.filter((c) => foldForSearch(c.title).includes(needle));
    const found: Item[] = (search.data?.query ? search.data.groups : []).flatMap((g) =>
      g.results.map((r) => ({
        key: `${r.kind}:${r.id}`,
        group: g.label,
        title: r.title,
        snippet: r.snippet,
        icon: KIND_ICON[r.kind],
        run: go(r.route),
      })),
    );
    // A command named by what is typed ("go to sites", "new site") comes before records that only contain it.
    const bestRank = Math.min(4, ...(search.data?.groups ?? []).flatMap((g) => g.results.map((r) => r.rank)));
    const commandFirst = matching.some((c) => foldForSearch(c.title).startsWith(needle) || foldForSearch(c.title).includes(` ${needle}`)) && bestRank > 0;
    return commandFirst ? [...matching, ...found] : [...found, ...matching];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, commands, search.data]);

  // The first item is active until the user chooses another that is still listed.
  const activeKey = active !== null && items.some((i) => i.key === active) ? active : (items[0]?.key ?? null);

  const runItem = (item: Item | undefined) => {
    if (!item) return;
    setPending(null);
    spotlight.close();
    item.run();
  };

  // Enter waited for the results of the typed text: open the chosen item if it is among them, else the first.
  useEffect(() => {
    if (!pending) return;
    if (pending.text !== typed) return setPending(null);
    if (!fresh) return;
    runItem(items.find((i) => i.key === pending.key) ?? items[0]);
  }, [pending, fresh, items, typed]);

  const move = (by: number) => {
    if (items.length === 0) return;
    const at = Math.max(
      0,
      items.findIndex((i) => i.key === activeKey),
    );
    setActive(items[(at + by + items.length) % items.length]!.key);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!typed || fresh) return runItem(items.find((i) => i.key === activeKey));
      setSearched(typed);
      setPending({ text: typed, key: active });
    }
  };

  const scrollRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (activeKey) scrollRef.current?.querySelector(`[data-key="${CSS.escape(activeKey)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeKey]);

  const optionId = (key: string) => `${listId}-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const groups = items.reduce<{ label: string; items: Item[] }[]>((acc, item) => {
    const last = acc.at(-1);
    if (last && last.label === item.group) last.items.push(item);
    else acc.push({ label: item.group, items: [item] });
    return acc;
  }, []);
  const searching = typed.length > 0 && !fresh && (search.isFetching || searched !== typed);

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      tagsToIgnore={[]}
      onSpotlightClose={() => {
        // Cleared at once, not when the closing animation ends (Mantine's clearQueryOnClose): a palette
        // opened again before that moment would keep the old text and add the new to it.
        setQuery('');
        setActive(null);
        setPending(null);
      }}
      size={640}
    >
      {/* Names the dialog for screen readers (Mantine labels a modal by its title). */}
      <Modal.Title style={VISUALLY_HIDDEN}>Command palette</Modal.Title>
      <Box p="xs">
        <TextInput
          data-autofocus
          size="md"
          value={query}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setActive(null);
          }}
          onKeyDown={onKeyDown}
          maxLength={SEARCH_MAX_LENGTH}
          leftSection={<IconSearch size={18} />}
          rightSection={searching ? <Loader size="xs" role="status" aria-label="Searching" /> : null}
          placeholder="Search sites, URLs, clients, people, incidents, SOPs; go to a page…"
          aria-label="Command palette search"
          role="combobox"
          aria-expanded
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeKey ? optionId(activeKey) : undefined}
        />
      </Box>
      <ScrollArea.Autosize mah={420} type="scroll" viewportRef={scrollRef}>
        <Box id={listId} role="listbox" aria-label="Results" px="xs" pb="xs">
          {groups.map((g) => (
            <Box key={g.label} role="group" aria-label={g.label} mb={4}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="xs" pt={6} pb={2} aria-hidden>
                {g.label}
              </Text>
              {g.items.map((item) => (
                <UnstyledButton
                  key={item.key}
                  id={optionId(item.key)}
                  data-key={item.key}
                  role="option"
                  aria-selected={item.key === activeKey}
                  tabIndex={-1}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => item.key !== activeKey && setActive(item.key)}
                  onClick={() => runItem(item)}
                  w="100%"
                  px="xs"
                  py={6}
                  style={{ borderRadius: 'var(--mantine-radius-sm)', background: item.key === activeKey ? 'var(--mantine-color-default-hover)' : undefined }}
                >
                  <Group gap="sm" wrap="nowrap" align="center">
                    <Box c="dimmed" style={{ display: 'flex' }} aria-hidden>
                      {item.icon}
                    </Box>
                    <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                      <Highlight highlight={typed} size="sm" fw={500} truncate="end">
                        {item.title}
                      </Highlight>
                      {item.snippet ? (
                        <Text size="xs" c="dimmed" truncate="end" title={item.snippet}>
                          {item.snippet}
                        </Text>
                      ) : null}
                    </Stack>
                    {item.keys ? <Box c="dimmed">{item.keys}</Box> : null}
                  </Group>
                </UnstyledButton>
              ))}
            </Box>
          ))}
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" p="md" ta="center" role="status">
              {searching ? 'Searching…' : `Nothing found for “${typed}”.`}
            </Text>
          ) : null}
        </Box>
      </ScrollArea.Autosize>
      <Group justify="space-between" px="md" py={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="md">
          <Group gap={4}>
            <Kbd size="xs">↑</Kbd>
            <Kbd size="xs">↓</Kbd>
            <Text size="xs" c="dimmed">
              move
            </Text>
          </Group>
          <Group gap={4}>
            <Kbd size="xs">Enter</Kbd>
            <Text size="xs" c="dimmed">
              open
            </Text>
          </Group>
          <Group gap={4}>
            <Kbd size="xs">Esc</Kbd>
            <Text size="xs" c="dimmed">
              close
            </Text>
          </Group>
        </Group>
        {search.isError ? (
          <Text size="xs" c="red" role="alert">
            {(search.error as Error).message}
          </Text>
        ) : null}
      </Group>
    </Spotlight.Root>
  );
}
