/** The form that edits an SOP and publishes it as a new version. */
import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { SopProposal } from '@core/contract/findings';
import type { SopDetail } from '@core/contract/sops';
import { SopPublish } from '@core/contract/sops';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { ROLE_LABEL, WORKFLOW_LABEL, type RiskLevel } from '@core/playbook/schema';
import { WorkbenchError } from '@core/errors';
import { errorMessage, notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { usePublishSop } from '../sops/mutations';

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

type SopText = Pick<
  SopDetail['sop'],
  'purpose' | 'whenToUse' | 'goodExamples' | 'badExamples' | 'refusalRules' | 'whenToAsk' | 'approvalBoundaries' | 'escalation' | 'whenToStop'
>;

const formOf = (s: SopText, summary: string) => ({
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
  summary,
});

/**
 * Edits the SOP; with a `proposal` (from first-week findings) the form starts from the proposed draft
 * and publishing links those findings to the new version.
 */
export function SopEditor({ detail, onDone, proposal }: { detail: SopDetail; onDone: (published: boolean) => void; proposal?: SopProposal | undefined }) {
  const publish = usePublishSop();
  const s = detail.sop;
  const [initial] = useState(() => formOf(s, ''));
  const [v, setV] = useState(() => (proposal ? formOf(proposal.sop, proposal.changeSummary) : initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [published, setPublished] = useState(false);
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  const input = {
    workflow: s.workflow,
    role: s.role,
    baseVersion: proposal?.baseVersion ?? s.version,
    changeSummary: v.summary,
    findingIds: proposal?.findingIds ?? [],
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
      onDone(true);
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
    discard: () => onDone(false),
  });
  return (
    <Stack>
      {proposal ? (
        <Alert color="blue" title="Draft from first-week findings" data-testid="sop-proposal">
          Drawn from {proposal.findingIds.length} finding{proposal.findingIds.length === 1 ? '' : 's'}. Check and edit it; publishing links the findings to the
          new version and the operators of this role must sign it again.
        </Alert>
      ) : null}
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
        <Button variant="default" onClick={() => onDone(false)}>
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={saving}>
          Publish new version
        </Button>
      </Group>
    </Stack>
  );
}
