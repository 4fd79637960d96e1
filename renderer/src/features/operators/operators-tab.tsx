import { Alert, Badge, Button, Group, List, Modal, Paper, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { REVOKE_REASON_MIN_LENGTH, visibleLength } from '@core/contract/fields';
import type { Operator } from '@core/contract/operators';
import type { Site } from '@core/contract/sites';
import { OPERATOR_ROLES, ROLE_LABEL, WORKFLOW_LABEL, type OperatorRole } from '@core/playbook/schema';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { PersonSelect } from '../people/person-select';
import { GrantDialog, names } from './grant-dialog';
import { useAddOperator, useRevokeAccess } from './mutations';
import { operatorQueries } from './queries';
import { ScenarioDialog } from './scenario-check-dialog';
import { SignOffDialog } from './sign-off-dialog';
import { SiteAdditions } from './site-additions';

const STATUS: Record<Operator['status'], { label: string; color: string }> = {
  not_trained: { label: 'Not trained', color: 'gray' },
  needs_retraining: { label: 'Needs retraining', color: 'orange' },
  trained: { label: 'Trained', color: 'teal' },
  access_granted: { label: 'Access granted', color: 'indigo' },
  access_revoked: { label: 'Access revoked', color: 'red' },
};

/** The site part of what the access gate still needs (training comes first in `missing`). */
const siteMissing = (op: Operator) => op.missing.filter((m) => !op.trainingMissing.includes(m));

/** Site reasons every operator still waiting for access shares: listed once above the table instead of on every row. */
function sharedSiteMissing(ops: Operator[]): string[] {
  const waiting = ops.filter((o) => o.access !== 'granted' || o.grantableWorkflows.some((w) => !o.accessWorkflows.includes(w)));
  if (waiting.length === 0) return [];
  return siteMissing(waiting[0]!).filter((m) => waiting.every((o) => siteMissing(o).includes(m)));
}

export function OperatorsTab({ site }: { site: Site }) {
  const ops = useQuery(operatorQueries.list(site.id));
  const shared = sharedSiteMissing(ops.data ?? []);
  const [personId, setPersonId] = useState<string | null>(null);
  const [role, setRole] = useState<OperatorRole | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'sign' | 'check' | 'grant' | 'revoke'; op: Operator } | null>(null);
  const [revokeReason, setRevokeReason] = useState('');
  const add = useAddOperator({
    onSuccess: (op) => {
      setPersonId(null);
      setRole(null);
      setAddError(null);
      notifySaved(`${op.personName} added as ${ROLE_LABEL[op.role]}. Next: training sign-off and the scenario check.`);
    },
    onError: (e) => setAddError(errorMessage(e)),
  });
  const revoke = useRevokeAccess({
    onSuccess: () => {
      setDialog(null);
      setRevokeReason('');
      notifySaved('Access revoked.');
    },
    onError: (e) => notifyError(e),
  });

  return (
    <Stack>
      {site.archivedAt ? null : (
        <Paper withBorder p="md">
          <Group align="flex-end">
            <PersonSelect label="Person" value={personId} onChange={setPersonId} w={300} />
            <Select
              label="SophMate role"
              data={OPERATOR_ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
              value={role}
              onChange={(r) => setRole(r as OperatorRole | null)}
              w={200}
            />
            <Button
              onClick={() => add.mutate({ siteId: site.id, personId: personId ?? '', role: role ?? 'editor' })}
              disabled={!personId || !role}
              loading={add.isPending}
            >
              Add operator
            </Button>
          </Group>
          {addError ? (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {addError}
            </Text>
          ) : null}
        </Paper>
      )}
      {shared.length ? (
        <Alert color="orange" variant="light" title="At this site, the access gate still needs" data-testid="site-access-missing">
          <List size="sm">
            {shared.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Paper withBorder>
        <Table aria-label="Operators" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ width: 190 }}>Operator</Table.Th>
              <Table.Th style={{ width: 210 }}>Role at this site</Table.Th>
              <Table.Th style={{ width: 190 }}>Access</Table.Th>
              <Table.Th>Training and what access still needs</Table.Th>
              <Table.Th>
                <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(ops.data ?? []).map((op) => (
              <Table.Tr key={op.id} data-testid={`operator-${op.personEmail}-${op.role}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {op.personName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {op.personEmail}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{ROLE_LABEL[op.role]}</Text>
                  {op.wordpressRole ? (
                    <Text size="xs" c="dimmed">
                      → {op.wordpressRole}
                    </Text>
                  ) : (
                    <Text size="xs" c="red.9">
                      Not mapped to a WordPress role here (Setup → Access model)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS[op.status].color} variant="light" tt="none">
                    {STATUS[op.status].label}
                  </Badge>
                  {op.access === 'granted' && op.status === 'needs_retraining' ? <Text size="xs">Still has access</Text> : null}
                  {op.accessWorkflows.length ? (
                    <Text size="xs" data-testid="access-workflows">
                      Covers: {names(op.accessWorkflows)}
                    </Text>
                  ) : null}
                  {op.accessOverrideReason ? (
                    <Text size="xs" c="red.9">
                      Granted by override: {op.accessOverrideReason}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {op.trainingMissing.length ? (
                    <List size="xs">
                      {op.trainingMissing.map((m) => (
                        <List.Item key={m}>{m}</List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text size="xs">
                      Signed:{' '}
                      {op.signedOff
                        .filter((s, i, all) => all.findLastIndex((x) => x.workflow === s.workflow) === i)
                        .map((s) => `${WORKFLOW_LABEL[s.workflow]} v${s.version}`)
                        .join(', ')}
                    </Text>
                  )}
                  {op.lastCheck ? (
                    <Text size="xs" c="dimmed">
                      Last check {formatDateTime(op.lastCheck.takenAt)}: {op.lastCheck.correct}/{op.lastCheck.total}{' '}
                      {op.lastCheck.passed ? 'passed' : 'not passed'}
                    </Text>
                  ) : null}
                  {siteMissing(op).filter((m) => !shared.includes(m)).length ? (
                    <>
                      <Text size="xs" fw={600} mt={4}>
                        At this site:
                      </Text>
                      <List size="xs">
                        {siteMissing(op)
                          .filter((m) => !shared.includes(m))
                          .map((m) => (
                            <List.Item key={m}>{m}</List.Item>
                          ))}
                      </List>
                    </>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {site.archivedAt ? null : (
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'sign', op })} aria-label={`Sign-off for ${op.personName}`}>
                        Sign-off
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'check', op })} aria-label={`Scenario check for ${op.personName}`}>
                        Scenario check
                      </Button>
                      {op.access !== 'granted' || op.grantableWorkflows.some((w) => !op.accessWorkflows.includes(w)) ? (
                        <Button
                          size="xs"
                          variant={op.access === 'granted' ? 'light' : 'filled'}
                          onClick={() => setDialog({ kind: 'grant', op })}
                          aria-label={`Grant access to ${op.personName}`}
                        >
                          {op.access === 'granted' ? 'Grant more…' : 'Grant access…'}
                        </Button>
                      ) : null}
                      {op.access === 'granted' ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDialog({ kind: 'revoke', op })}
                          aria-label={`Revoke access for ${op.personName}`}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {ops.isSuccess && ops.data.length === 0 ? (
          <Text p="lg" ta="center" c="dimmed">
            No operators yet: add the people who will use SophMate on this site, with their role.
          </Text>
        ) : null}
      </Paper>
      <SiteAdditions site={site} />
      {dialog?.kind === 'sign' ? <SignOffDialog op={dialog.op} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'check' ? <ScenarioDialog op={dialog.op} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'grant' ? <GrantDialog op={dialog.op} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'revoke' ? (
        <Modal opened onClose={() => setDialog(null)} title={`Revoke access for ${dialog.op.personName}?`}>
          <Stack>
            <Textarea label="Reason" value={revokeReason} onChange={(e) => setRevokeReason(e.currentTarget.value)} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                Cancel
              </Button>
              <Button
                color="red"
                disabled={visibleLength(revokeReason.trim()) < REVOKE_REASON_MIN_LENGTH}
                onClick={() => revoke.mutate({ operatorId: dialog.op.id, reason: revokeReason })}
                loading={revoke.isPending}
              >
                Revoke access
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
    </Stack>
  );
}
