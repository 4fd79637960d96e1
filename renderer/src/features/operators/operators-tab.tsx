import { Alert, Badge, Button, Checkbox, Group, List, Modal, Paper, Radio, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Operator } from '../../../../core/contract/operators';
import type { Site } from '../../../../core/contract/sites';
import { ErrorCode, WorkbenchError } from '../../../../core/errors';
import { OPERATOR_ROLES, ROLE_LABEL, SCENARIO_ANSWERS, WORKFLOW_LABEL, WORKFLOW_ROLES, WORKFLOWS, type OperatorRole, type ScenarioAnswer, type Workflow } from '../../../../core/playbook/schema';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { rpc } from '../../lib/rpc';
import { PersonSelect } from '../people/person-select';

const STATUS: Record<Operator['status'], { label: string; color: string }> = {
  not_trained: { label: 'Not trained', color: 'gray' },
  needs_retraining: { label: 'Needs retraining', color: 'orange' },
  trained: { label: 'Trained', color: 'teal' },
  access_granted: { label: 'Access granted', color: 'indigo' },
  access_revoked: { label: 'Access revoked', color: 'red' },
};

const ANSWER_LABEL: Record<ScenarioAnswer, string> = { ask: 'Ask', approve: 'Approve', reject: 'Reject', escalate: 'Escalate', stop: 'Stop' };

function SignOffDialog({ op, onClose }: { op: Operator; onClose: () => void }) {
  const qc = useQueryClient();
  const [confirmed, setConfirmed] = useState(false);
  const workflows = WORKFLOWS.filter((w) => WORKFLOW_ROLES[w].includes(op.role));
  const sign = useMutation({
    mutationFn: () => rpc('operators.signOff', { operatorId: op.id }),
    onSuccess: async () => {
      await qc.invalidateQueries();
      notifySaved(`${op.personName} signed the current ${ROLE_LABEL[op.role]} SOPs.`);
      onClose();
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Modal opened onClose={onClose} title={`Training sign-off: ${op.personName}`} size="lg">
      <Stack>
        <Text size="sm">Record that {op.personName} read the current {ROLE_LABEL[op.role]} SOPs (the exact versions are kept):</Text>
        <List size="sm">
          {workflows.map((w) => (
            <List.Item key={w}>
              <a href={`#/playbook/${w}/${op.role}`} target="_self">{WORKFLOW_LABEL[w]}</a>
            </List.Item>
          ))}
        </List>
        <Checkbox label={`${op.personName} has read these SOPs and understands the approval boundaries, refusal rules and escalation path`} checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button disabled={!confirmed} loading={sign.isPending} onClick={() => sign.mutate()}>Record sign-off</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ScenarioDialog({ op, onClose }: { op: Operator; onClose: () => void }) {
  const qc = useQueryClient();
  const questions = useQuery({ queryKey: ['operators.scenarioQuestions', op.id], queryFn: () => rpc('operators.scenarioQuestions', { operatorId: op.id }) });
  const [answers, setAnswers] = useState<Record<string, ScenarioAnswer>>({});
  const submit = useMutation({
    mutationFn: () => rpc('operators.submitScenarioCheck', { operatorId: op.id, answers }),
    onSuccess: async () => qc.invalidateQueries(),
    onError: (e) => notifyError(e, 'Not recorded'),
  });
  const result = submit.data;
  const qs = questions.data ?? [];
  return (
    <Modal opened onClose={onClose} title={`Scenario check: ${op.personName} (${ROLE_LABEL[op.role]})`} size="xl">
      {result ? (
        <Stack>
          <Alert color={result.passed ? 'teal' : 'red'} title={result.passed ? 'Passed' : 'Not passed'}>
            {result.correct} of {result.total} right.{' '}
            {result.passed ? '' : 'A pass needs 80% and every escalate or stop situation right. Go through the explanations, then take it again.'}
          </Alert>
          {result.answers.map((a, i) => (
            <Paper key={a.scenarioId} withBorder p="sm">
              <Text size="sm">{i + 1}. {qs.find((q) => q.id === a.scenarioId)?.situation}</Text>
              <Text size="sm" c={a.correct ? 'teal.9' : 'red.9'} fw={600}>
                {a.correct ? '✓' : '✗'} Answered {ANSWER_LABEL[a.given]}; the right answer is {ANSWER_LABEL[a.expected]}.
              </Text>
              <Text size="xs">{a.explanation}</Text>
            </Paper>
          ))}
          <Group justify="flex-end"><Button onClick={onClose}>Close</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">For each situation, choose what the operator should do. Answer without the SOPs open.</Text>
          {qs.map((q, i) => (
            <Radio.Group key={q.id} label={`${i + 1}. ${q.situation}`} description={WORKFLOW_LABEL[q.workflow]} value={answers[q.id] ?? null} onChange={(v) => setAnswers({ ...answers, [q.id]: v as ScenarioAnswer })}>
              <Group mt={6}>
                {SCENARIO_ANSWERS.map((a) => (
                  <Radio key={a} value={a} label={ANSWER_LABEL[a]} />
                ))}
              </Group>
            </Radio.Group>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button disabled={qs.length === 0 || Object.keys(answers).length < qs.length} loading={submit.isPending} onClick={() => submit.mutate()}>
              Submit answers
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function GrantDialog({ op, refusal, onClose }: { op: Operator; refusal: WorkbenchError; onClose: () => void }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const grant = useMutation({
    mutationFn: () => rpc('operators.grantAccess', { operatorId: op.id, overrideReason: reason }),
    onSuccess: async () => {
      await qc.invalidateQueries();
      notifySaved(`Access granted to ${op.personName} by override; the reason is logged and appears in the site’s documents.`);
      onClose();
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Modal opened onClose={onClose} title="Access refused" size="lg">
      <Stack>
        <Alert color="orange" title={`${op.personName} cannot get ${ROLE_LABEL[op.role]} access yet`} data-testid="access-refused">
          <List size="sm">
            {op.missing.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Alert>
        <Text size="sm" c="dimmed">{refusal.message}</Text>
        <Textarea label="Override reason" description="Only if access cannot wait: say why. The override is logged and shown in the site’s documents." value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Close</Button>
          <Button color="red" disabled={reason.trim().length < 10} loading={grant.isPending} onClick={() => grant.mutate()}>
            Grant anyway
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SiteAdditions({ site }: { site: Site }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['overrides.list', site.id], queryFn: () => rpc('overrides.list', { siteId: site.id }) });
  const [workflow, setWorkflow] = useState<Workflow>('support_drafts');
  const [role, setRole] = useState<OperatorRole>('support_agent');
  const [kind, setKind] = useState<'refusal_rule' | 'escalation_contact'>('refusal_rule');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => rpc('overrides.add', { siteId: site.id, workflow, role, kind, text }),
    onSuccess: async () => {
      setText('');
      setError(null);
      await qc.invalidateQueries({ queryKey: ['overrides.list', site.id] });
    },
    onError: (e) => setError(e instanceof WorkbenchError ? (e.issueFor('text') ?? e.message) : errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => rpc('overrides.remove', { id }),
    onSuccess: async () => qc.invalidateQueries({ queryKey: ['overrides.list', site.id] }),
    onError: (e) => notifyError(e),
  });
  const roles = WORKFLOW_ROLES[workflow];
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5">Site additions to the SOPs</Title>
      <Text size="sm" c="dimmed" mb="sm">Extra refusal rules or escalation contacts that apply to this site only; they appear in its SOP pack.</Text>
      {(list.data ?? []).length ? (
        <Table mb="sm" aria-label="Site SOP additions">
          <Table.Tbody>
            {list.data!.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td><Text size="sm">{WORKFLOW_LABEL[o.workflow]} · {ROLE_LABEL[o.role]}</Text></Table.Td>
                <Table.Td><Badge variant="light" tt="none" size="sm">{o.kind === 'refusal_rule' ? 'Refusal rule' : 'Escalation contact'}</Badge></Table.Td>
                <Table.Td><Text size="sm">{o.text}</Text></Table.Td>
                <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(o.id)} aria-label={`Remove addition ${o.text}`}>Remove</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {site.archivedAt ? null : (
        <Group align="flex-end" wrap="wrap">
          <Select label="Workflow" data={WORKFLOWS.map((w) => ({ value: w, label: WORKFLOW_LABEL[w] }))} value={workflow} allowDeselect={false} onChange={(w) => {
            const next = (w ?? workflow) as Workflow;
            setWorkflow(next);
            if (!WORKFLOW_ROLES[next].includes(role)) setRole(WORKFLOW_ROLES[next][0]!);
          }} w={230} />
          <Select label="Role" data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} value={role} allowDeselect={false} onChange={(r) => setRole((r ?? role) as OperatorRole)} w={170} />
          <Select label="Kind" data={[{ value: 'refusal_rule', label: 'Refusal rule' }, { value: 'escalation_contact', label: 'Escalation contact' }]} value={kind} allowDeselect={false} onChange={(k) => setKind((k ?? kind) as typeof kind)} w={170} />
          <TextInput label="Addition text" value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} style={{ flex: 1, minWidth: 240 }} />
          <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!text.trim()}>Add</Button>
        </Group>
      )}
    </Paper>
  );
}

export function OperatorsTab({ site }: { site: Site }) {
  const qc = useQueryClient();
  const ops = useQuery({ queryKey: ['operators.list', site.id], queryFn: () => rpc('operators.list', { siteId: site.id }) });
  const [personId, setPersonId] = useState<string | null>(null);
  const [role, setRole] = useState<OperatorRole | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'sign' | 'check' | 'grant' | 'revoke'; op: Operator; refusal?: WorkbenchError } | null>(null);
  const [revokeReason, setRevokeReason] = useState('');
  const add = useMutation({
    mutationFn: () => rpc('operators.add', { siteId: site.id, personId: personId ?? '', role: role ?? 'editor' }),
    onSuccess: async (op) => {
      setPersonId(null);
      setRole(null);
      setAddError(null);
      await qc.invalidateQueries();
      notifySaved(`${op.personName} added as ${ROLE_LABEL[op.role]}. Next: training sign-off and the scenario check.`);
    },
    onError: (e) => setAddError(errorMessage(e)),
  });
  const grant = useMutation({
    mutationFn: (op: Operator) => rpc('operators.grantAccess', { operatorId: op.id }),
    onSuccess: async (op) => {
      await qc.invalidateQueries();
      notifySaved(`Access granted to ${op.personName}.`);
    },
    onError: (e, op) => {
      if (e instanceof WorkbenchError && e.code === ErrorCode.REFUSED && op.missing.length) setDialog({ kind: 'grant', op, refusal: e });
      else notifyError(e);
    },
  });
  const revoke = useMutation({
    mutationFn: (op: Operator) => rpc('operators.revokeAccess', { operatorId: op.id, reason: revokeReason }),
    onSuccess: async () => {
      setDialog(null);
      setRevokeReason('');
      await qc.invalidateQueries();
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
            <Select label="SophMate role" data={OPERATOR_ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} value={role} onChange={(r) => setRole(r as OperatorRole | null)} w={200} />
            <Button onClick={() => add.mutate()} disabled={!personId || !role} loading={add.isPending}>Add operator</Button>
          </Group>
          {addError ? <Text c="red.9" size="sm" mt="xs" role="alert">{addError}</Text> : null}
        </Paper>
      )}
      <Paper withBorder>
        <Table aria-label="Operators" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Operator</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th style={{ width: 170 }}>Status</Table.Th>
              <Table.Th>Training</Table.Th>
              <Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(ops.data ?? []).map((op) => (
              <Table.Tr key={op.id} data-testid={`operator-${op.personEmail}-${op.role}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>{op.personName}</Text>
                  <Text size="xs" c="dimmed">{op.personEmail}</Text>
                </Table.Td>
                <Table.Td><Text size="sm">{ROLE_LABEL[op.role]}</Text></Table.Td>
                <Table.Td>
                  <Badge color={STATUS[op.status].color} variant="light" tt="none">{STATUS[op.status].label}</Badge>
                  {op.access === 'granted' && op.status === 'needs_retraining' ? <Text size="xs">Still has access</Text> : null}
                  {op.accessOverrideReason ? <Text size="xs" c="red.9">Granted by override: {op.accessOverrideReason}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {op.missing.length ? (
                    <List size="xs">{op.missing.map((m) => <List.Item key={m}>{m}</List.Item>)}</List>
                  ) : (
                    <Text size="xs">Signed: {op.signedOff.filter((s, i, all) => all.findLastIndex((x) => x.workflow === s.workflow) === i).map((s) => `${WORKFLOW_LABEL[s.workflow]} v${s.version}`).join(', ')}</Text>
                  )}
                  {op.lastCheck ? <Text size="xs" c="dimmed">Last check {formatDateTime(op.lastCheck.takenAt)}: {op.lastCheck.correct}/{op.lastCheck.total} {op.lastCheck.passed ? 'passed' : 'not passed'}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {site.archivedAt ? null : (
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'sign', op })} aria-label={`Sign-off for ${op.personName}`}>Sign-off</Button>
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'check', op })} aria-label={`Scenario check for ${op.personName}`}>Scenario check</Button>
                      {op.access === 'granted' ? (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDialog({ kind: 'revoke', op })} aria-label={`Revoke access for ${op.personName}`}>Revoke</Button>
                      ) : (
                        <Button size="xs" onClick={() => grant.mutate(op)} loading={grant.isPending && grant.variables?.id === op.id} aria-label={`Grant access to ${op.personName}`}>Grant access</Button>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {ops.isSuccess && ops.data.length === 0 ? (
          <Text p="lg" ta="center" c="dimmed">No operators yet: add the people who will use SophMate on this site, with their role.</Text>
        ) : null}
      </Paper>
      <SiteAdditions site={site} />
      {dialog?.kind === 'sign' ? <SignOffDialog op={dialog.op} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'check' ? <ScenarioDialog op={dialog.op} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'grant' && dialog.refusal ? <GrantDialog op={dialog.op} refusal={dialog.refusal} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'revoke' ? (
        <Modal opened onClose={() => setDialog(null)} title={`Revoke access for ${dialog.op.personName}?`}>
          <Stack>
            <Textarea label="Reason" value={revokeReason} onChange={(e) => setRevokeReason(e.currentTarget.value)} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>Cancel</Button>
              <Button color="red" disabled={revokeReason.trim().length < 3} onClick={() => revoke.mutate(dialog.op)} loading={revoke.isPending}>Revoke access</Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
    </Stack>
  );
}
