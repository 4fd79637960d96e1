import { Anchor, Badge, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ROLE_LABEL } from '@core/playbook/schema';
import { formatDateTime } from '../../lib/format';
import { useRenderedMark } from '../../lib/rendered-mark';
import { BlockingReasons } from './blocking-reasons';
import { StageChart } from './stage-chart';
import { sitesRoute, StatLink } from './stat-link';
import { dashboardQueries } from './queries';
import { viewQueries } from '../views/queries';
import { operatorQueries } from '../operators/queries';
import { reviewQueries } from '../reviews/queries';
import { EscalationCard } from '../findings/escalation-card';

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

export function DashboardPage() {
  const p = useQuery(dashboardQueries.portfolio());
  const views = useQuery(viewQueries.list());
  const retraining = useQuery(operatorQueries.needingRetraining(8));
  const reviews = useQuery(reviewQueries.summary());
  const d = p.data;
  useRenderedMark('dashboard', p.isSuccess && views.isSuccess && retraining.isSuccess && reviews.isSuccess);
  // Active sites, as the Sites list counts them by default (archived sites are not in the portfolio).
  const active = d?.byStage.reduce((n, s) => n + s.count, 0);
  const pausedStage = d?.byStage.find((s) => s.stage === 'paused')?.count;
  return (
    <Stack maw={1200}>
      <div>
        <Title order={2}>Dashboard</Title>
        <Text size="sm" c="dimmed">
          Every number opens the list of exactly those sites.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <StatLink label="Active sites" value={active} to="/sites" hint="Not archived" />
        <StatLink label="Blocked" value={d?.blocked} to={sitesRoute({ blocked: '1' })} hint="Next stage held by a readiness gate" tone="orange" />
        <StatLink label="Incomplete setup" value={d?.incomplete} to={sitesRoute({ incomplete: '1' })} hint="Setup record misses parts" />
        <StatLink label="Owner gaps" value={d?.ownerGaps} to={sitesRoute({ gaps: '1' })} hint="A responsibility has no owner" />
        <StatLink
          label="High-risk activity paused"
          value={d?.pausedSites}
          to={sitesRoute({ paused: '1' })}
          hint={
            pausedStage === undefined ? 'Workflows stopped by a pause' : `Workflows stopped by a pause; not the Paused stage (${pausedStage.toLocaleString()})`
          }
          tone="red"
        />
        <StatLink
          label="Sites with open incidents"
          value={d?.incidentSites}
          to={sitesRoute({ incidents: '1' })}
          hint={d ? `${plural(d.openIncidentCount, 'open incident')}` : undefined}
          tone="red"
        />
        <StatLink
          label="Reviews overdue"
          value={reviews.data?.overdue}
          to="/reviews"
          hint={reviews.data ? `${reviews.data.due.toLocaleString()} due today` : undefined}
          tone="red"
        />
        <StatLink label="Operators to retrain" value={retraining.data?.total} to="/playbook" hint="Signed an earlier SOP version" tone="orange" />
      </SimpleGrid>
      <BlockingReasons reasons={d?.topReasons} blocked={d?.blocked} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <StageChart byStage={d?.byStage} />
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">
            High-risk activity paused{d ? ` (${plural(d.pausedSites, 'site')})` : ''}
          </Title>
          {d?.paused.length ? (
            <Table aria-label="Sites with high-risk activity paused">
              <Table.Tbody>
                {d.paused.map((s) => (
                  <Table.Tr key={s.siteId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/sites/${s.siteId}`} size="sm">
                        {s.siteName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{s.reason}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(s.pausedAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              High-risk activity runs everywhere.
            </Text>
          )}
          {d && d.pausedSites > d.paused.length ? (
            <Anchor component={Link} to={sitesRoute({ paused: '1' })} size="xs">
              {`All ${plural(d.pausedSites, 'site')} with high-risk activity paused`}
            </Anchor>
          ) : null}
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">
            Open incidents{d ? ` (${plural(d.openIncidentCount, 'incident')} on ${plural(d.incidentSites, 'site')})` : ''}
          </Title>
          {d?.openIncidents.length ? (
            <Table aria-label="Open incidents">
              <Table.Tbody>
                {d.openIncidents.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td w={1}>
                      <Badge color={i.severity === 'critical' || i.severity === 'high' ? 'red' : 'yellow'} tt="none" style={{ minWidth: 'max-content' }}>
                        {i.severity}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/sites/${i.siteId}/incidents`} size="sm">
                        {i.siteName}
                      </Anchor>
                      <Text size="xs">{i.title}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(i.occurredAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              No open incidents.
            </Text>
          )}
          {d && d.openIncidentCount > d.openIncidents.length ? (
            <Anchor component={Link} to={sitesRoute({ incidents: '1' })} size="xs">
              {`All ${plural(d.incidentSites, 'site')} with open incidents`}
            </Anchor>
          ) : null}
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="sm">
            Operators needing retraining{retraining.data ? ` (${retraining.data.total.toLocaleString()})` : ''}
          </Title>
          {retraining.data?.total ? (
            <Table aria-label="Operators needing retraining">
              <Table.Tbody>
                {retraining.data.rows.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Text size="sm">{o.personName}</Text>
                      <Text size="xs" c="dimmed">
                        {ROLE_LABEL[o.role]}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/sites/${o.siteId}/operators`} size="sm">
                        {o.siteName}
                      </Anchor>
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
          {retraining.data && retraining.data.total > retraining.data.rows.length ? (
            <Text size="xs" c="dimmed" mt="xs">
              {`and ${(retraining.data.total - retraining.data.rows.length).toLocaleString()} more; `}
              <Anchor component={Link} to="/playbook" size="xs" underline="always">
                the Playbook shows them per SOP
              </Anchor>
              .
            </Text>
          ) : null}
        </Paper>
      </SimpleGrid>
      <EscalationCard flags={d?.repeatFlags} total={d?.repeatFlagCount} />
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="sm">
          Saved views
        </Title>
        {views.data?.length ? (
          <Stack gap={4}>
            {views.data.map((v) => (
              <Tooltip key={v.id} label={v.query || 'all sites'}>
                <Anchor component={Link} to={`/sites?${v.query}`} size="sm">
                  {v.name}
                </Anchor>
              </Tooltip>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Save a filtered Sites list with “Save view” to find it here.
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
