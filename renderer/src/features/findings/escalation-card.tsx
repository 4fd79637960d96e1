/** The Dashboard's "Operators to escalate" card: repeat flags over the portfolio, each opening its site's First week tab. */
import { Anchor, Badge, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { RepeatFlag } from '@core/contract/findings';
import { FINDING_CATEGORY_LABEL } from '@core/activity/vocabulary';
import { ROLE_LABEL } from '@core/playbook/vocabulary';
import { escalationOwnerText } from './first-week-tab';

export function EscalationCard({ flags, total }: { flags: readonly RepeatFlag[] | undefined; total: number | undefined }) {
  return (
    <Paper withBorder p="md" data-testid="escalation-card">
      <Title order={3} size="h5" mb="sm">
        Operators to escalate{total !== undefined ? ` (${total.toLocaleString()})` : ''}
      </Title>
      {flags?.length ? (
        <Table aria-label="Operators to escalate">
          <Table.Tbody>
            {flags.map((f) => (
              <Table.Tr key={`${f.siteId}-${f.operatorId}-${f.category}`}>
                <Table.Td>
                  <Text size="sm">{f.operatorName}</Text>
                  <Text size="xs" c="dimmed">
                    {ROLE_LABEL[f.role]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color="red" variant="light" tt="none">
                    {FINDING_CATEGORY_LABEL[f.category]} × {f.count}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    within {f.windowDays} days
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/sites/${f.siteId}/first-week`} size="sm">
                    {f.siteName}
                  </Anchor>
                  <Text size="xs">Escalate to {escalationOwnerText(f)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          Nobody: no operator repeated the same kind of finding often enough to escalate. Repeats show here once first-week activity is imported.
        </Text>
      )}
      {flags && total !== undefined && total > flags.length ? (
        <Text size="xs" c="dimmed" mt="xs">
          and {(total - flags.length).toLocaleString()} more, on the sites’ First week tabs.
        </Text>
      ) : null}
    </Paper>
  );
}
