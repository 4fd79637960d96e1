import { Alert, Anchor, Badge, Box, Breadcrumbs, Button, Group, Menu, Paper, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconArchive, IconArrowBackUp, IconChevronDown, IconExternalLink, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Site } from '@core/contract/sites';
import { notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { UnsavedMark, useUnsavedLabels } from '../../lib/unsaved-guard';
import { AccessModelSection } from '../access/access-model-section';
import { HistoryTab } from '../history/history-tab';
import { IncidentsTab } from '../incidents/incidents-tab';
import { PauseBanner, PauseDialog } from '../readiness/pause';
import { ReadinessTab } from '../readiness/readiness-tab';
import { ChangeStageDialog } from '../readiness/stage-change-dialog';
import { gatesForTransition } from '@core/domain/readiness';
import { ROLLOUT_STAGES, STAGE_LABEL } from '@core/domain/stages';
import { OperatorsTab } from '../operators/operators-tab';
import { OwnersTab } from '../owners/owners-tab';
import { DocumentsTab } from '../documents/documents-tab';
import { SiteReviewsTab } from '../reviews/site-reviews-tab';
import { FirstWeekTab } from '../findings/first-week-tab';
import { SiteForm, type SiteFormInput } from './site-form';
import { StageBadge } from './stage-badge';
import { readinessQueries } from '../readiness/queries';
import { reviewQueries } from '../reviews/queries';
import { useArchiveSite, useUpdateSite } from './mutations';
import { siteQueries } from './queries';
import { ExportBundleButton } from '../bundles/export-button';
import { QueryError, QueryLoading } from '../../lib/query-state';

function toForm(s: Site): SiteFormInput {
  return {
    clientId: s.clientId,
    name: s.name,
    productionUrl: s.productionUrl,
    stagingUrl: s.stagingUrl ?? '',
    sophmateVersion: s.sophmateVersion ?? '',
    wordpressVersion: s.wordpressVersion ?? '',
    phpVersion: s.phpVersion ?? '',
    woocommerceVersion: s.woocommerceVersion ?? '',
    activeTheme: s.activeTheme ?? '',
    host: s.host ?? '',
    aiProvider: s.aiProvider ?? '',
    notes: s.notes ?? '',
    stage: s.stage,
  };
}

export function SitePage() {
  const { id = '', tab = 'setup' } = useParams();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  // Only the open tab's forms are mounted, so unsaved changes are always the open tab's.
  const unsaved = useUnsavedLabels().length > 0;
  const mark = (value: string) => (unsaved && value === tab ? <UnsavedMark /> : null);
  const site = useQuery(siteQueries.get(id));
  const due = useQuery(reviewQueries.dueForSite(id));
  const dueReviews = due.data?.total ?? 0;
  const readiness = useQuery(readinessQueries.get(id));
  /** Whether a readiness gate blocks the move, known before the menu is even opened; null while loading. */
  const moveBlocked = (from: Site['stage'], to: Site['stage']): boolean | null => {
    if (!readiness.data) return null;
    const gates = gatesForTransition(from, to);
    return readiness.data.gates.some((g) => gates.includes(g.gate) && !g.ok);
  };
  const [stageTo, setStageTo] = useState<Site['stage'] | null>(null);
  const [pausing, setPausing] = useState(false);
  const update = useUpdateSite();
  const archive = useArchiveSite({
    onSuccess: (s) => {
      notifySaved(s.archivedAt ? `“${s.name}” archived. Restore it any time from the Archived filter.` : `“${s.name}” restored.`);
    },
    onError: (e) => notifyError(e),
  });

  if (site.isPending) return <QueryLoading p="xl" />;
  if (site.isError) {
    return (
      <QueryError error={site.error} title="This site cannot be shown">
        <Anchor href="#/sites">Back to Sites</Anchor>
      </QueryError>
    );
  }
  const s = site.data;
  const confirmArchive = () =>
    modals.openConfirmModal({
      title: s.archivedAt ? `Restore “${s.name}”?` : `Archive “${s.name}”?`,
      children: (
        <Text size="sm">
          {s.archivedAt
            ? 'The site returns to the Sites list with its setup record, owners and history.'
            : 'The site leaves the Sites list and its production URL becomes free. Nothing is deleted: its record, owners and history stay, and you can restore it.'}
        </Text>
      ),
      labels: { confirm: s.archivedAt ? 'Restore' : 'Archive', cancel: 'Cancel' },
      confirmProps: { color: s.archivedAt ? 'indigo' : 'red' },
      onConfirm: () => archive.mutate(s),
    });

  return (
    <Stack gap="sm" maw={1200}>
      <Breadcrumbs>
        <Anchor href="#/sites">Sites</Anchor>
        <Anchor href={`#/sites?client=${s.clientId}&clientName=${encodeURIComponent(s.clientName)}`}>{s.clientName}</Anchor>
        <span>{s.name}</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{s.name}</Title>
            <StageBadge stage={s.stage} />
            {s.archivedAt ? <Badge color="gray">Archived {formatDateTime(s.archivedAt)}</Badge> : null}
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" className="rw-mono">
              {s.productionUrl}
            </Text>
            <Tooltip label="Production URL">
              <IconExternalLink size={14} aria-hidden />
            </Tooltip>
          </Group>
        </Stack>
        <Group gap="xs">
          {s.archivedAt ? null : (
            <>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={14} />}>
                    Change stage
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {ROLLOUT_STAGES.filter((st) => st !== s.stage).map((st) => (
                    <Menu.Item
                      key={st}
                      onClick={() => setStageTo(st)}
                      rightSection={
                        moveBlocked(s.stage, st) ? (
                          <Badge size="xs" color="orange" variant="light" tt="none">
                            Blocked
                          </Badge>
                        ) : null
                      }
                    >
                      {STAGE_LABEL[st]}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
              <Button
                variant={s.paused ? 'filled' : 'default'}
                color={s.paused ? 'indigo' : 'red'}
                leftSection={s.paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
                onClick={() => setPausing(true)}
              >
                {s.paused ? 'Resume activity' : 'Pause high-risk activity'}
              </Button>
            </>
          )}
          <ExportBundleButton scope={{ kind: 'site', id: s.id }} name={s.name} />
          <Button
            variant="default"
            leftSection={s.archivedAt ? <IconArrowBackUp size={16} /> : <IconArchive size={16} />}
            onClick={confirmArchive}
            loading={archive.isPending}
          >
            {s.archivedAt ? 'Restore site' : 'Archive site'}
          </Button>
        </Group>
      </Group>
      <PauseBanner site={s} />
      {stageTo ? <ChangeStageDialog site={s} to={stageTo} onClose={() => setStageTo(null)} /> : null}
      {pausing ? <PauseDialog site={s} onClose={() => setPausing(false)} /> : null}
      {s.missingSetup.length ? (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Setup record incomplete" data-testid="setup-incomplete">
          Missing: {s.missingSetup.join(', ')}. A rollout should not start until the setup record is complete.
        </Alert>
      ) : null}
      <Tabs value={tab} onChange={(t) => navigate(`/sites/${s.id}/${t ?? 'setup'}`, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="setup">
            Setup record
            {mark('setup')}
          </Tabs.Tab>
          <Tabs.Tab
            value="owners"
            rightSection={
              s.ownerGaps + s.unverifiedOwners > 0 ? (
                <Badge
                  size="xs"
                  color={s.ownerGaps ? 'red' : 'yellow'}
                  variant="filled"
                  circle
                  aria-label={`${s.ownerGaps} gaps, ${s.unverifiedOwners} unverified`}
                >
                  {s.ownerGaps + s.unverifiedOwners}
                </Badge>
              ) : null
            }
          >
            Owners
          </Tabs.Tab>
          <Tabs.Tab value="readiness">Readiness</Tabs.Tab>
          <Tabs.Tab value="operators">Operators</Tabs.Tab>
          <Tabs.Tab
            value="reviews"
            rightSection={
              dueReviews ? (
                <Badge size="xs" color="orange" variant="filled" circle aria-label={`${dueReviews} reviews due or overdue`}>
                  {dueReviews}
                </Badge>
              ) : null
            }
          >
            Reviews
          </Tabs.Tab>
          <Tabs.Tab value="first-week">First week</Tabs.Tab>
          <Tabs.Tab value="incidents">Incidents</Tabs.Tab>
          <Tabs.Tab value="documents">Documents</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="setup" pt="md">
          <Paper withBorder p="md">
            {s.archivedAt ? (
              <Text size="sm" c="dimmed" mb="sm">
                Archived sites are read-only: restore the site to edit it.
              </Text>
            ) : null}
            <SiteForm
              key={`${s.id}-${s.version}`}
              initial={toForm(s)}
              clientName={s.clientName}
              submitLabel="Save changes"
              disabled={Boolean(s.archivedAt)}
              showStage={false}
              focusMissing={search.get('focus') === 'missing'}
              onSubmit={async (values) => {
                const saved = await update.mutateAsync({ ...values, stage: values.stage, id: s.id, version: s.version });
                notifySaved(`“${saved.name}” saved.`);
              }}
            />
          </Paper>
          <Box mt="md">
            <AccessModelSection site={s} />
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="owners" pt="md">
          <OwnersTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="readiness" pt="md">
          <ReadinessTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="operators" pt="md">
          <OperatorsTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="reviews" pt="md">
          <SiteReviewsTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="first-week" pt="md">
          <FirstWeekTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="incidents" pt="md">
          <IncidentsTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsTab site={s} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryTab siteId={s.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
