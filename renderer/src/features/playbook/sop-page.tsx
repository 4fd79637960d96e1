import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { SopDetail } from '@core/contract/sops';
import { SopPublish } from '@core/contract/sops';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import { ROLE_LABEL, WORKFLOW_LABEL, type OperatorRole, type RiskLevel, type Sop, type Workflow } from '@core/playbook/schema';
import { WorkbenchError } from '@core/errors';
import { errorMessage, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { usePublishSop } from './mutations';
import { sopQueries } from './queries';
import { QueryError } from '../../lib/query-state';

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const examples = (s: string) =>
  lines(s).map((l) => {
    const [text, ...why] = l.split(' | ');
    return why.length ? { text: text!.trim(), why: why.join(' | ').trim() } : { text: text!.trim() };
  });
const exampleLines = (xs: { text: string; why?: string | undefined }[]) => xs.map((x) => (x.why ? `${x.text} | ${x.why}` : x.text)).join('\n');

function SopView({ sop }: { sop: Sop }) {
  const section = (title: string, items: string[]) => (
    <div>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <List size="sm" spacing={2}>
        {items.map((i, n) => (
          <List.Item key={n}>{i}</List.Item>
        ))}
      </List>
    </div>
  );
  return (
    <Stack gap="sm">
      <div>
        <Text fw={600} size="sm">
          Purpose
        </Text>
        <Text size="sm">{sop.purpose}</Text>
      </div>
      <div>
        <Text fw={600} size="sm">
          When to use
        </Text>
        <Text size="sm">{sop.whenToUse}</Text>
      </div>
      {section(
        'Good examples',
        sop.goodExamples.map((e) => (e.why ? `${e.text} (${e.why})` : e.text)),
      )}
      {section(
        'Bad examples',
        sop.badExamples.map((e) => `${e.text} Why not: ${e.why}`),
      )}
      {section('Refusal rules', sop.refusalRules)}
      {section('When to ask first', sop.whenToAsk)}
      <div>
        <Text fw={600} size="sm">
          Approval boundaries
        </Text>
        <Group gap={6}>
          {sop.approvalBoundaries.mayApprove.length ? (
            sop.approvalBoundaries.mayApprove.map((r) => (
              <Badge key={r} variant="light" tt="none">
                may approve {r} risk
              </Badge>
            ))
          ) : (
            <Badge color="gray" variant="light" tt="none">
              approves nothing
            </Badge>
          )}
          {sop.approvalBoundaries.bulkApproveLowRisk ? (
            <Badge color="gray" variant="light" tt="none">
              bulk approval for low risk only
            </Badge>
          ) : null}
        </Group>
        <Text size="sm">{sop.approvalBoundaries.notes}</Text>
      </div>
      {section(`Escalate to the ${responsibilityOwner(sop.escalation.responsibility)} when`, sop.escalation.triggers)}
      {section('Stop when', sop.whenToStop)}
    </Stack>
  );
}

function SopEditor({ detail, onDone }: { detail: SopDetail; onDone: () => void }) {
  const publish = usePublishSop();
  const s = detail.sop;
  const [initial] = useState(() => ({
    purpose: s.purpose,
    whenToUse: s.whenToUse,
    good: exampleLines(s.goodExamples),
    bad: exampleLines(s.badExamples),
    refusal: s.refusalRules.join('\n'),
    ask: s.whenToAsk.join('\n'),
    mayApprove: s.approvalBoundaries.mayApprove as string[],
    bulk: s.approvalBoundaries.bulkApproveLowRisk,
    notes: s.approvalBoundaries.notes,
    responsibility: s.escalation.responsibility as string,
    triggers: s.escalation.triggers.join('\n'),
    stop: s.whenToStop.join('\n'),
    summary: '',
  }));
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [published, setPublished] = useState(false);
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  const input = {
    workflow: s.workflow,
    role: s.role,
    baseVersion: s.version,
    changeSummary: v.summary,
    sop: {
      purpose: v.purpose,
      whenToUse: v.whenToUse,
      goodExamples: examples(v.good),
      badExamples: examples(v.bad).map((e) => ({ text: e.text, why: e.why ?? '' })),
      refusalRules: lines(v.refusal),
      whenToAsk: lines(v.ask),
      approvalBoundaries: { mayApprove: v.mayApprove as RiskLevel[], bulkApproveLowRisk: v.bulk, notes: v.notes },
      escalation: { responsibility: v.responsibility as Responsibility, triggers: lines(v.triggers) },
      whenToStop: lines(v.stop),
    },
  };
  const fieldOf = (path: string) => {
    const map: [RegExp, string][] = [
      [/^sop\.purpose/, 'purpose'],
      [/^sop\.whenToUse/, 'whenToUse'],
      [/^sop\.goodExamples/, 'good'],
      [/^sop\.badExamples/, 'bad'],
      [/^sop\.refusalRules/, 'refusal'],
      [/^sop\.whenToAsk/, 'ask'],
      [/^sop\.approvalBoundaries\.notes/, 'notes'],
      [/^sop\.approvalBoundaries/, 'mayApprove'],
      [/^sop\.escalation\.triggers/, 'triggers'],
      [/^sop\.escalation/, 'responsibility'],
      [/^sop\.whenToStop/, 'stop'],
      [/^changeSummary/, 'summary'],
    ];
    return map.find(([re]) => re.test(path))?.[1] ?? 'form';
  };
  /** Publishes the draft; resolves false when it was not published (the form then shows why). */
  const save = async (): Promise<boolean> => {
    setFormError(null);
    const parsed = SopPublish.safeParse(input);
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    if (!parsed.success) {
      setErrors(Object.fromEntries(issues.map((i) => [fieldOf(i.path), i.message])));
      return false;
    }
    setErrors({});
    setSaving(true);
    try {
      const saved = await publish.mutateAsync(input);
      notifySaved(`Published version ${saved.sop.version}. Operators of this role must sign it again.`);
      setPublished(true);
      onDone();
      return true;
    } catch (e) {
      if (e instanceof WorkbenchError && e.details?.issues) setErrors(Object.fromEntries(e.details.issues.map((i) => [fieldOf(i.path), i.message])));
      setFormError(errorMessage(e));
      return false;
    } finally {
      setSaving(false);
    }
  };
  useUnsavedChanges({
    label: `the ${ROLE_LABEL[s.role]} SOP for ${WORKFLOW_LABEL[s.workflow]}`,
    dirty: !published && JSON.stringify(v) !== JSON.stringify(initial),
    save,
    discard: onDone,
  });
  return (
    <Stack>
      {formError ? (
        <Alert color="red" role="alert">
          {formError}
        </Alert>
      ) : null}
      <Textarea label="Purpose" autosize minRows={2} value={v.purpose} onChange={set('purpose')} error={errors.purpose} />
      <Textarea label="When to use" autosize minRows={2} value={v.whenToUse} onChange={set('whenToUse')} error={errors.whenToUse} />
      <Textarea
        label="Good examples"
        description="One per line; add “ | why” to explain."
        autosize
        minRows={3}
        value={v.good}
        onChange={set('good')}
        error={errors.good}
      />
      <Textarea
        label="Bad examples"
        description="One per line, each with “ | why it is bad”."
        autosize
        minRows={3}
        value={v.bad}
        onChange={set('bad')}
        error={errors.bad}
      />
      <Textarea label="Refusal rules" description="One per line." autosize minRows={3} value={v.refusal} onChange={set('refusal')} error={errors.refusal} />
      <Textarea
        label="When to ask"
        description="Situations in which to ask before acting; one per line."
        autosize
        minRows={2}
        value={v.ask}
        onChange={set('ask')}
        error={errors.ask}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Checkbox.Group label="May approve" value={v.mayApprove} onChange={(x) => setV({ ...v, mayApprove: x })} error={errors.mayApprove}>
          <Group mt={6}>
            <Checkbox value="low" label="Low risk" />
            <Checkbox value="medium" label="Medium risk" />
            <Checkbox value="high" label="High risk" />
          </Group>
        </Checkbox.Group>
        <Switch label="Bulk approval of low-risk plans" checked={v.bulk} onChange={(e) => setV({ ...v, bulk: e.currentTarget.checked })} mt="lg" />
      </SimpleGrid>
      <Textarea label="Approval notes" autosize minRows={2} value={v.notes} onChange={set('notes')} error={errors.notes} />
      <Select
        label="Escalate to the owner of"
        data={RESPONSIBILITIES.map((r) => ({ value: r, label: RESPONSIBILITY_INFO[r].label }))}
        value={v.responsibility}
        onChange={(x) => setV({ ...v, responsibility: x ?? v.responsibility })}
        allowDeselect={false}
        error={errors.responsibility}
      />
      <Textarea
        label="Escalation triggers"
        description="One per line."
        autosize
        minRows={2}
        value={v.triggers}
        onChange={set('triggers')}
        error={errors.triggers}
      />
      <Textarea label="When to stop" description="One per line." autosize minRows={2} value={v.stop} onChange={set('stop')} error={errors.stop} />
      <TextInput
        label="Change summary"
        description="What changed and why; operators see it when they sign again."
        value={v.summary}
        onChange={set('summary')}
        error={errors.summary}
        required
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={saving}>
          Publish new version
        </Button>
      </Group>
    </Stack>
  );
}

export function SopPage() {
  const { workflow, role } = useParams() as { workflow: Workflow; role: OperatorRole };
  const [params, setParams] = useSearchParams();
  const version = params.get('v') ? Number(params.get('v')) : undefined;
  const [editing, setEditing] = useState(false);
  const detail = useQuery(sopQueries.get({ workflow, role }, version));
  const d = detail.data;
  const prev = d && d.sop.version > 1 ? d.sop.version - 1 : null;
  const diff = useQuery(sopQueries.diff({ workflow, role }, prev, d?.sop.version));
  if (detail.isError) return <QueryError error={detail.error} />;
  if (!d) return null;
  const latest = d.versions[0]!.version;
  return (
    <Stack maw={1100}>
      <Breadcrumbs>
        <Anchor href="#/playbook">Playbook</Anchor>
        <span>{WORKFLOW_LABEL[workflow]}</span>
        <span>{ROLE_LABEL[role]}</span>
      </Breadcrumbs>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>
            {WORKFLOW_LABEL[workflow]} · {ROLE_LABEL[role]}
          </Title>
          <Badge variant="light" tt="none">
            version {d.sop.version}
            {d.sop.version === latest ? ' (current)' : ''}
          </Badge>
        </Group>
        {!editing && d.sop.version === latest ? <Button onClick={() => setEditing(true)}>Edit SOP</Button> : null}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md" style={{ gridColumn: 'span 2' }}>
          {editing ? <SopEditor detail={d} onDone={() => setEditing(false)} /> : <SopView sop={d.sop} />}
        </Paper>
        <Stack>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="xs">
              Versions
            </Title>
            <Table aria-label="SOP versions">
              <Table.Tbody>
                {d.versions.map((ver) => (
                  <Table.Tr key={ver.id}>
                    <Table.Td>
                      <Anchor
                        size="sm"
                        onClick={() => setParams(ver.version === latest ? {} : { v: String(ver.version) })}
                        fw={ver.version === d.sop.version ? 700 : 400}
                      >
                        v{ver.version}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{ver.changeSummary}</Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(ver.publishedAt)} · {ver.publishedBy}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {prev !== null ? (
            <Paper withBorder p="md" data-testid="sop-diff">
              <Title order={3} size="h5" mb="xs">
                Changes from v{prev}
              </Title>
              {(diff.data ?? []).map((c) => (
                <div key={c.field}>
                  <Code>{c.field}</Code>
                  {c.kind === 'text' ? (
                    <Text size="xs">
                      <s>{c.before}</s> → {c.after}
                    </Text>
                  ) : (
                    <List size="xs">
                      {c.added.map((a) => (
                        <List.Item key={`+${a}`} c="teal.9">
                          + {a}
                        </List.Item>
                      ))}
                      {c.removed.map((r) => (
                        <List.Item key={`-${r}`} c="red.9">
                          − {r}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </div>
              ))}
              {diff.data?.length === 0 ? (
                <Text size="xs" c="dimmed">
                  No differences.
                </Text>
              ) : null}
            </Paper>
          ) : null}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
