import { Button, Chip, Collapse, Group, MultiSelect, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { ROLLOUT_STAGES, STAGE_LABEL } from '@core/domain/stages';
import { foldForSearch } from '@core/search-fold';
import { ClientSelect } from '../clients/client-select';
import { PersonSelect } from '../people/person-select';
import type { SiteFilters } from './site-filters';
import { SiteSearchInput } from './site-search-input';
import { siteQueries } from './queries';
import { dashboardQueries } from '../dashboard/queries';
import { peopleQueries } from '../people/queries';
import { clientQueries } from '../clients/queries';

type Patch = Record<string, string | null>;

interface Props {
  filters: SiteFilters;
  update: (patch: Patch) => void;
  clearAll: () => void;
}

/** Options for an exact-value filter: the values present, with how many sites have each. */
function countedOptions(list: { value: string; sites: number }[] | undefined, current: string | null) {
  const data = (list ?? []).map((f) => ({ value: f.value, label: `${f.value} (${f.sites.toLocaleString()})` }));
  // A link may spell the value in another case: select the option it folds to, or show it as typed.
  const match = current === null ? null : data.find((d) => foldForSearch(d.value) === foldForSearch(current));
  if (current !== null && !match) data.unshift({ value: current, label: current });
  return { data, value: match ? match.value : current };
}

const TOGGLES = [
  ['incomplete', 'incompleteOnly', 'Incomplete setup'],
  ['gaps', 'ownerGapsOnly', 'Owner gaps'],
  ['paused', 'pausedOnly', 'Paused'],
  ['blocked', 'blockedOnly', 'Blocked'],
  ['incidents', 'openIncidentsOnly', 'Open incidents'],
] as const;

/** The filter controls; they render again only when the URL's filters change, not at every key typed in the search. */
export const SiteFilterBar = memo(function SiteFilterBar({ filters, update, clearAll }: Props) {
  const facets = useQuery(siteQueries.facets());
  const [reasonsWanted, setReasonsWanted] = useState(false);
  const [more, setMore] = useState(false);
  // Filters behind "More filters" still show as chips; the button counts them.
  const hiddenActive = [filters.host, filters.provider, filters.reason, filters.sophmateVersion, filters.wordpressVersion, filters.phpVersion].filter(
    Boolean,
  ).length;
  // Reasons come from the Dashboard's evaluation of every gate: asked for only when needed.
  const reasons = useQuery({ ...dashboardQueries.portfolio(), enabled: reasonsWanted || filters.reason !== null });
  const versionData = (list: string[] | undefined) => (list ?? []).map((v) => ({ value: v, label: v }));
  const hosts = countedOptions(facets.data?.hosts, filters.host);
  const providers = countedOptions(facets.data?.providers, filters.provider);
  const reasonData = (reasons.data?.topReasons ?? []).map((r) => ({ value: r.reason, label: `${r.reason} (${r.sites.toLocaleString()})` }));
  if (filters.reason && !reasonData.some((r) => r.value === filters.reason)) reasonData.unshift({ value: filters.reason, label: filters.reason });

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SiteSearchInput value={filters.search} onCommit={(q) => update({ q })} />
          <ClientSelect
            label="Client"
            placeholder="All clients"
            value={filters.clientId}
            selectedName={filters.clientName}
            onChange={(id) => update({ client: id, clientName: null })}
            w={180}
          />
          <MultiSelect
            label="Stage"
            placeholder={filters.stages.length ? undefined : 'All stages'}
            data={ROLLOUT_STAGES.map((s) => ({ value: s, label: STAGE_LABEL[s] }))}
            value={filters.stages}
            onChange={(v) => update({ stage: v.join(',') })}
            w={190}
            clearable
          />
          <PersonSelect
            label="Owner"
            placeholder="Anyone"
            value={filters.ownerId}
            onChange={(id) => update(id ? { owner: id } : { owner: null, ownerRole: null })}
            clearable
            w={180}
          />
          {filters.ownerId ? (
            <Select
              label="Owner of"
              placeholder="Any responsibility"
              data={RESPONSIBILITIES.map((r) => ({ value: r, label: RESPONSIBILITY_INFO[r].label }))}
              value={filters.ownerRole}
              onChange={(v) => update({ ownerRole: v })}
              clearable
              w={170}
            />
          ) : null}
          <Button
            variant={more ? 'light' : 'default'}
            onClick={() => setMore((m) => !m)}
            aria-expanded={more}
            aria-controls="sites-more-filters"
            rightSection={more ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
          >
            More filters{hiddenActive ? ` (${hiddenActive})` : ''}
          </Button>
        </Group>
        <Collapse in={more} id="sites-more-filters">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="Host"
              placeholder="Any"
              searchable
              data={hosts.data}
              value={hosts.value}
              onChange={(v) => update({ host: v })}
              clearable
              w={170}
              nothingFoundMessage="No site records this host"
            />
            <Select
              label="AI provider"
              placeholder="Any"
              searchable
              data={providers.data}
              value={providers.value}
              onChange={(v) => update({ provider: v })}
              clearable
              w={160}
              nothingFoundMessage="No site records this provider"
            />
            <Select
              label="Blocking reason"
              placeholder="Any"
              searchable
              data={reasonData}
              value={filters.reason}
              onChange={(v) => update({ reason: v })}
              onDropdownOpen={() => setReasonsWanted(true)}
              nothingFoundMessage={reasons.isPending ? 'Checking every site’s gates…' : 'No site is blocked'}
              comboboxProps={{ width: 460, position: 'bottom-start' }}
              clearable
              w={190}
            />
            <Select
              label="SophMate"
              placeholder="Any"
              data={versionData(facets.data?.sophmateVersions)}
              value={filters.sophmateVersion}
              onChange={(v) => update({ smv: v })}
              clearable
              w={110}
            />
            <Select
              label="WordPress"
              placeholder="Any"
              data={versionData(facets.data?.wordpressVersions)}
              value={filters.wordpressVersion}
              onChange={(v) => update({ wpv: v })}
              clearable
              w={110}
            />
            <Select
              label="PHP"
              placeholder="Any"
              data={versionData(facets.data?.phpVersions)}
              value={filters.phpVersion}
              onChange={(v) => update({ phpv: v })}
              clearable
              w={90}
            />
          </Group>
        </Collapse>
        <Group gap="xs" wrap="wrap" role="group" aria-label="Show only">
          <Text size="sm" c="dimmed">
            Only:
          </Text>
          {TOGGLES.map(([param, key, label]) => (
            <Chip key={param} size="xs" checked={filters[key]} onChange={(on) => update({ [param]: on ? '1' : null })}>
              {label}
            </Chip>
          ))}
          <SegmentedControl
            aria-label="Archived sites"
            size="xs"
            ml="sm"
            data={[
              { value: 'active', label: 'Active' },
              { value: 'archived', label: 'Archived' },
              { value: 'all', label: 'All' },
            ]}
            value={filters.archived}
            onChange={(v) => update({ archived: v === 'active' ? null : v })}
          />
        </Group>
        <FilterChips filters={filters} update={update} clearAll={clearAll} />
      </Stack>
    </Paper>
  );
});

/** Every filter in force as a chip that removes it, and one button that removes them all. */
function FilterChips({ filters, update, clearAll }: Props) {
  const person = useQuery({ ...peopleQueries.get(filters.ownerId), retry: false });
  const client = useQuery({ ...clientQueries.get(filters.clientId), enabled: filters.clientId !== null && !filters.clientName, retry: false });
  const chips: { key: string; label: string; remove: Patch }[] = [];
  if (filters.search.trim()) chips.push({ key: 'q', label: `Search: “${filters.search.trim()}”`, remove: { q: null } });
  if (filters.clientId)
    chips.push({ key: 'client', label: `Client: ${filters.clientName ?? client.data?.name ?? 'unknown client'}`, remove: { client: null, clientName: null } });
  if (filters.stages.length) chips.push({ key: 'stage', label: `Stage: ${filters.stages.map((s) => STAGE_LABEL[s]).join(', ')}`, remove: { stage: null } });
  if (filters.ownerId) {
    const who = person.data?.name ?? (person.isError ? 'unknown person' : '…');
    const role = filters.ownerRole ? ` (${RESPONSIBILITY_INFO[filters.ownerRole].label})` : '';
    chips.push({ key: 'owner', label: `Owner: ${who}${role}`, remove: { owner: null, ownerRole: null } });
  }
  if (filters.host) chips.push({ key: 'host', label: `Host: ${filters.host}`, remove: { host: null } });
  if (filters.provider) chips.push({ key: 'provider', label: `AI provider: ${filters.provider}`, remove: { provider: null } });
  if (filters.reason) chips.push({ key: 'reason', label: `Blocked: ${filters.reason}`, remove: { reason: null } });
  if (filters.sophmateVersion) chips.push({ key: 'smv', label: `SophMate ${filters.sophmateVersion}`, remove: { smv: null } });
  if (filters.wordpressVersion) chips.push({ key: 'wpv', label: `WordPress ${filters.wordpressVersion}`, remove: { wpv: null } });
  if (filters.phpVersion) chips.push({ key: 'phpv', label: `PHP ${filters.phpVersion}`, remove: { phpv: null } });
  for (const [param, key, label] of TOGGLES) if (filters[key]) chips.push({ key: param, label: `Only: ${label.toLowerCase()}`, remove: { [param]: null } });
  if (filters.archived !== 'active')
    chips.push({ key: 'archived', label: filters.archived === 'all' ? 'Archived sites too' : 'Archived sites only', remove: { archived: null } });
  if (chips.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" aria-label="Filters in force" role="group" data-testid="filter-chips">
      {chips.map((c) => (
        <Button
          key={c.key}
          size="compact-sm"
          variant="light"
          radius="xl"
          rightSection={<IconX size={12} aria-hidden />}
          onClick={() => update(c.remove)}
          aria-label={`Remove filter ${c.label}`}
          title={c.label}
          maw={420}
          styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
        >
          {c.label}
        </Button>
      ))}
      <Button size="compact-sm" variant="subtle" onClick={clearAll}>
        Clear all
      </Button>
    </Group>
  );
}
