import { Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { STAGE_LABEL, type RolloutStage } from '../../../../core/domain/stages';
import { ROLE_LABEL } from '../../../../core/playbook/schema';
import { formatDateTime } from '../../lib/format';
import { rpc } from '../../lib/rpc';

const STAGE_COLOR: Record<RolloutStage, string> = { planning: 'gray', setup: 'blue', pilot: 'violet', adoption: 'teal', paused: 'orange', retired: 'dark' };

function Stat({ label, value, to, hint, color }: { label: string; value: number | undefined; to: string; hint?: string; color?: string }) {
  const navigate = useNavigate();
  return (
    <UnstyledButton onClick={() => navigate(to)} aria-label={`${label}: ${value ?? '…'}`} style={{ display: 'block', height: '100%' }}>
      <Paper withBorder p="md" h="100%">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
        <Text size="xl" fw={700} c={value ? color : undefined}>{value === undefined ? '…' : value.toLocaleString()}</Text>
        {hint ? <Text size="xs" c="dimmed">{hint}</Text> : null}
      </Paper>
    </UnstyledButton>
  );
}

export function DashboardPage() {
  const navigate = useNavigate();
  const p = useQuery({ queryKey: ['dashboard.portfolio'], queryFn: () => rpc('dashboard.portfolio', {}) });
  const info = useQuery({ queryKey: ['workspace.info'], queryFn: () => rpc('workspace.info', {}) });
  const views = useQuery({ queryKey: ['views.list'], queryFn: () => rpc('views.list', {}) });
  const retraining = useQuery({ queryKey: ['operators.needingRetraining'], queryFn: () => rpc('operators.needingRetraining', { limit: 8 }) });
  const reviews = useQuery({ queryKey: ['reviews.summary'], queryFn: () => rpc('reviews.summary', {}) });
  const d = p.data;
  const total = d ? d.byStage.reduce((n, s) => n + s.count, 0) : 0;
  return (
    <Stack maw={1200}>
      <Title order={2}>Dashboard</Title>
      <SimpleGrid cols={{ base: 2, md: 7 }}>
        <Stat label="Sites" value={info.data?.counts.sites} to="/sites" />
        <Stat label="Blocked" value={d?.blocked} to="/sites?blocked=1" hint="Next stage blocked by a gate" color="orange.9" />
        <Stat label="Incomplete setup" value={d?.incomplete} to="/sites?incomplete=1" hint="Setup record misses parts" />
        <Stat label="Owner gaps" value={d?.ownerGaps} to="/sites?gaps=1" hint="Sites with an unowned responsibility" />
        <Stat label="Paused" value={d?.paused.length} to="/sites?paused=1" hint="High-risk activity paused" color="red.9" />
        <Stat label="Open incidents" value={d?.openIncidents.length} to="/sites?incidents=1" color="red.9" />
        <Stat label="Reviews overdue" value={reviews.data?.overdue} to="/reviews" hint={reviews.data ? `${reviews.data.due} due today` : undefined} color="red.9" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">Sites by rollout stage</Title>
          <Stack gap={8} role="group" aria-label="Sites by stage chart">
            {(d?.byStage ?? []).map((s) => (
              <UnstyledButton key={s.stage} onClick={() => navigate(`/sites?stage=${s.stage}`)} aria-label={`${STAGE_LABEL[s.stage]}: ${s.count} sites`}>
                <Group gap="sm" wrap="nowrap">
                  <Text size="sm" w={80}>{STAGE_LABEL[s.stage]}</Text>
                  <Progress value={total ? (s.count / total) * 100 : 0} color={STAGE_COLOR[s.stage]} size="lg" style={{ flex: 1 }} aria-hidden />
                  <Text size="sm" w={50} ta="right" fw={600}>{s.count.toLocaleString()}</Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">What blocks the next stage most often</Title>
          {d?.topReasons.length ? (
            <Table aria-label="Top blocking reasons">
              <Table.Tbody>
                {d.topReasons.map((r) => (
                  <Table.Tr key={r.reason}>
                    <Table.Td><Text size="sm">{r.reason}</Text></Table.Td>
                    <Table.Td w={110} ta="right" style={{ whiteSpace: 'nowrap' }}><Badge variant="light" color="orange" tt="none">{r.sites} site{r.sites === 1 ? '' : 's'}</Badge></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : <Text size="sm" c="dimmed">Nothing blocks any site’s next stage.</Text>}
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">Open incidents</Title>
          {d?.openIncidents.length ? (
            <Table aria-label="Open incidents">
              <Table.Tbody>
                {d.openIncidents.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td><Badge color={i.severity === 'critical' || i.severity === 'high' ? 'red' : 'yellow'} tt="none">{i.severity}</Badge></Table.Td>
                    <Table.Td><Anchor href={`#/sites/${i.siteId}/incidents`} size="sm">{i.siteName}</Anchor><Text size="xs">{i.title}</Text></Table.Td>
                    <Table.Td><Text size="xs" c="dimmed">{formatDateTime(i.occurredAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : <Text size="sm" c="dimmed">No open incidents.</Text>}
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">Paused sites</Title>
          {d?.paused.length ? (
            <Table aria-label="Paused sites">
              <Table.Tbody>
                {d.paused.map((s) => (
                  <Table.Tr key={s.siteId}>
                    <Table.Td><Anchor href={`#/sites/${s.siteId}`} size="sm">{s.siteName}</Anchor></Table.Td>
                    <Table.Td><Text size="xs">{s.reason}</Text></Table.Td>
                    <Table.Td><Text size="xs" c="dimmed">{formatDateTime(s.pausedAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : <Text size="sm" c="dimmed">High-risk activity runs everywhere.</Text>}
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">Operators needing retraining{retraining.data ? ` (${retraining.data.total})` : ''}</Title>
          {retraining.data?.total ? (
            <Table aria-label="Operators needing retraining">
              <Table.Tbody>
                {retraining.data.rows.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td><Text size="sm">{o.personName}</Text><Text size="xs" c="dimmed">{ROLE_LABEL[o.role]}</Text></Table.Td>
                    <Table.Td><Anchor href={`#/sites/${o.siteId}/operators`} size="sm">{o.siteName}</Anchor></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : <Text size="sm" c="dimmed">Nobody: every operator has signed the current SOPs of their role.</Text>}
          {retraining.data && retraining.data.total > retraining.data.rows.length ? (
            <Text size="xs" c="dimmed" mt="xs">and {retraining.data.total - retraining.data.rows.length} more; the Playbook page shows them per SOP.</Text>
          ) : null}
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">Saved views</Title>
          {views.data?.length ? (
            <Stack gap={4}>
              {views.data.map((v) => (
                <Tooltip key={v.id} label={v.query || 'all sites'}>
                  <Anchor href={`#/sites?${v.query}`} size="sm">{v.name}</Anchor>
                </Tooltip>
              ))}
            </Stack>
          ) : <Text size="sm" c="dimmed">Save a filtered Sites list with “Save view” to find it here.</Text>}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
