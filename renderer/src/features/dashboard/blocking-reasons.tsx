import { Anchor, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { OutputOf } from '@core/contract/index';
import { FIX_PLACE_ACTION, FIX_PLACE_LABEL } from '@core/domain/blocker-fix';
import { GATE_LABEL } from '@core/domain/readiness';
import { sitesRoute } from './stat-link';

type Reason = OutputOf<'dashboard.portfolio'>['topReasons'][number];

/** Reasons shown before "Show all". */
const FIRST = 8;

/** "Enable write-capable workflows: X" as the gate and X, so the gate reads as a heading of the reason. */
function splitGate(reason: string): { gate: string | null; text: string } {
  const gate = Object.values(GATE_LABEL).find((g) => reason.startsWith(`${g}: `));
  return gate ? { gate, text: reason.slice(gate.length + 2) } : { gate: null, text: reason };
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/**
 * What blocks the next stage, most sites first: each reason says where it is fixed, and its count
 * opens the Sites list filtered to exactly those sites.
 */
export function BlockingReasons({ reasons, blocked }: { reasons: Reason[] | undefined; blocked: number | undefined }) {
  const [all, setAll] = useState(false);
  const shown = all ? reasons : reasons?.slice(0, FIRST);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="baseline" mb="xs" wrap="wrap">
        <Title order={3} size="h5">
          What blocks the next stage
        </Title>
        {blocked !== undefined && reasons ? (
          <Text size="xs" c="dimmed">
            <Anchor component={Link} to={sitesRoute({ blocked: '1' })} size="xs" underline="always">
              {plural(blocked, 'blocked site')}
            </Anchor>
            {` · ${plural(reasons.length, 'reason')}, most sites first; a site can have several`}
          </Text>
        ) : null}
      </Group>
      {shown?.length ? (
        <Table aria-label="Blocking reasons" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Reason</Table.Th>
              <Table.Th w={190}>Where it is fixed</Table.Th>
              <Table.Th w={120} ta="right">
                Sites
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => {
              const { gate, text } = splitGate(r.reason);
              return (
                <Table.Tr key={r.reason}>
                  <Table.Td>
                    {gate ? (
                      <Text size="xs" c="dimmed">
                        {gate}
                      </Text>
                    ) : null}
                    <Text size="sm">{text}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{FIX_PLACE_LABEL[r.fix]}</Text>
                    <Text size="xs" c="dimmed">
                      {FIX_PLACE_ACTION[r.fix]}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor
                      component={Link}
                      to={sitesRoute({ reason: r.reason })}
                      size="sm"
                      fw={600}
                      aria-label={`${plural(r.sites, 'site')} blocked: ${r.reason}`}
                    >
                      {plural(r.sites, 'site')}
                    </Anchor>
                    {r.onlyReasonSites > 0 ? (
                      <Text size="xs" c="dimmed">
                        {`only blocker on ${r.onlyReasonSites.toLocaleString()}`}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {reasons ? 'Nothing blocks any site’s next stage.' : 'Loading…'}
        </Text>
      )}
      {reasons && reasons.length > FIRST ? (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? `Show the first ${FIRST}` : `Show all ${reasons.length} reasons`}
        </Button>
      ) : null}
    </Paper>
  );
}
