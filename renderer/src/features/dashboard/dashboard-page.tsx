import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ROLE_LABEL } from '../../../../core/playbook/schema';
import { useQueries } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ROLLOUT_STAGES, STAGE_LABEL } from '../../../../core/domain/stages';
import { rpc } from '../../lib/rpc';

function Stat({ label, value, to, hint }: { label: string; value: number | undefined; to: string; hint?: string }) {
  const navigate = useNavigate();
  return (
    <UnstyledButton onClick={() => navigate(to)} aria-label={`${label}: ${value ?? '…'}`} style={{ display: 'block', height: '100%' }}>
      <Paper withBorder p="md" h="100%">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
        <Text size="xl" fw={700}>
          {value === undefined ? '…' : value.toLocaleString()}
        </Text>
        {hint ? (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Paper>
    </UnstyledButton>
  );
}

export function DashboardPage() {
  const totals = useQueries({
    queries: [
      { queryKey: ['workspace.info'], queryFn: () => rpc('workspace.info', {}) },
      { queryKey: ['sites.list', 'count', 'incomplete'], queryFn: () => rpc('sites.list', { incompleteOnly: true, limit: 1 }) },
      { queryKey: ['sites.list', 'count', 'gaps'], queryFn: () => rpc('sites.list', { ownerGapsOnly: true, limit: 1 }) },
      ...ROLLOUT_STAGES.map((stage) => ({ queryKey: ['sites.list', 'count', 'stage', stage], queryFn: () => rpc('sites.list', { stages: [stage], limit: 1 }) })),
    ],
  });
  const [info, incomplete, gaps, ...stages] = totals;
  const infoData = info?.data as { counts: { sites: number; clients: number; people: number } } | undefined;
  const retraining = useQuery({ queryKey: ['operators.needingRetraining'], queryFn: () => rpc('operators.needingRetraining', { limit: 20 }) });
  const countOf = (q: (typeof totals)[number] | undefined) => (q?.data as { total: number } | undefined)?.total;
  return (
    <Stack maw={1100}>
      <Title order={2}>Dashboard</Title>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat label="Sites" value={infoData?.counts.sites} to="/sites" />
        <Stat label="Clients" value={infoData?.counts.clients} to="/clients" />
        <Stat label="People" value={infoData?.counts.people} to="/people" />
        <Stat label="Incomplete setup" value={countOf(incomplete)} to="/sites?incomplete=1" hint="Sites whose setup record misses parts" />
        <Stat label="Owner gaps" value={countOf(gaps)} to="/sites?gaps=1" hint="Sites with a responsibility nobody owns" />
      </SimpleGrid>
      <Title order={3} size="h4">
        Sites by rollout stage
      </Title>
      <SimpleGrid cols={{ base: 3, md: 6 }}>
        {ROLLOUT_STAGES.map((stage, i) => (
          <Stat key={stage} label={STAGE_LABEL[stage]} value={countOf(stages[i])} to={`/sites?stage=${stage}`} />
        ))}
      </SimpleGrid>
      <Title order={3} size="h4">
        Operators needing retraining{retraining.data ? ` (${retraining.data.total})` : ''}
      </Title>
      <Paper withBorder p={retraining.data?.total ? 0 : 'md'}>
        {retraining.data?.total ? (
          <Table aria-label="Operators needing retraining">
            <Table.Tbody>
              {retraining.data.rows.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>{o.personName}</Table.Td>
                  <Table.Td>{ROLE_LABEL[o.role]}</Table.Td>
                  <Table.Td>
                    <Anchor href={`#/sites/${o.siteId}/operators`}>{o.siteName}</Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{o.missing.join(' ')}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            Nobody: every operator has signed the current SOPs of their role.
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
