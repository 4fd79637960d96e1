/** Dialogs of the first-week tab: decide a finding, record one by hand, complete the review. */
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { Finding, FirstWeek } from '@core/contract/findings';
import { OVERRIDE_REASON_MIN_LENGTH, overrideReasonShortBy } from '@core/contract/fields';
import {
  FINDING_CATEGORIES,
  FINDING_CATEGORY_LABEL,
  FINDING_DEFAULT_WORKFLOW,
  REVIEW_AREA_LABEL,
  REVIEW_AREAS,
  type FindingCategory,
} from '@core/activity/vocabulary';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, type Workflow } from '@core/playbook/vocabulary';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { OverrideReasonHint } from '../../lib/override-hint';
import { useCompleteFirstWeek } from '../reviews/mutations';
import { useDecideFinding, useRecordFinding } from './mutations';

/** Confirm or dismiss a finding, with a note saying why. */
export function DecideDialog({ finding, decision, onClose }: { finding: Finding; decision: 'confirmed' | 'dismissed'; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const decide = useDecideFinding({
    onSuccess: () => {
      notifySaved(decision === 'confirmed' ? 'Finding confirmed.' : 'Finding dismissed.');
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? null : errorMessage(e));
    },
  });
  return (
    <Modal opened onClose={onClose} title={decision === 'confirmed' ? 'Confirm the finding' : 'Dismiss the finding'}>
      <Stack>
        <Text size="sm">
          {finding.who}: {finding.summary}
        </Text>
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Textarea
          label="Note"
          description={decision === 'confirmed' ? 'What you agreed with the operator, or what changes.' : 'Why this is not a problem.'}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={decision === 'confirmed' ? undefined : 'gray'}
            loading={decide.isPending}
            onClick={() => decide.mutate({ id: finding.id, version: finding.version, decision, note })}
          >
            {decision === 'confirmed' ? 'Confirm' : 'Dismiss'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export interface OperatorChoice {
  id: string;
  name: string;
  role: keyof typeof ROLE_LABEL;
}

/** A finding seen during the review, recorded by hand: it counts for repeats like an imported one. */
export function RecordFindingDialog({ siteId, operators, onClose }: { siteId: string; operators: readonly OperatorChoice[]; onClose: () => void }) {
  const [operatorId, setOperatorId] = useState<string | null>(null);
  const [category, setCategory] = useState<FindingCategory | null>(null);
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const record = useRecordFinding({
    onSuccess: () => {
      notifySaved('Finding recorded.');
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? null : errorMessage(e));
    },
  });
  const submit = () => {
    const missing: Record<string, string> = {};
    if (!operatorId) missing.operatorId = 'Choose the operator.';
    if (!category) missing.category = 'Choose the kind of finding.';
    if (Object.keys(missing).length) return setErrors(missing);
    record.mutate({ siteId, operatorId: operatorId!, category: category!, workflow: workflow ?? FINDING_DEFAULT_WORKFLOW[category!], summary });
  };
  return (
    <Modal opened onClose={onClose} title="Record a finding" size="lg">
      <Stack>
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        {operators.length === 0 ? <Alert color="blue">This site has no operators yet: add them on the Operators tab first.</Alert> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Operator"
            data={operators.map((o) => ({ value: o.id, label: `${o.name} (${ROLE_LABEL[o.role]})` }))}
            value={operatorId}
            onChange={setOperatorId}
            error={errors.operatorId}
            searchable
            required
          />
          <Select
            label="Kind of finding"
            data={FINDING_CATEGORIES.map((c) => ({ value: c, label: FINDING_CATEGORY_LABEL[c] }))}
            value={category}
            onChange={(c) => setCategory(c as FindingCategory | null)}
            error={errors.category}
            required
          />
          <Select
            label="SOP it concerns"
            description={category ? `Empty: ${WORKFLOW_LABEL[FINDING_DEFAULT_WORKFLOW[category]]}.` : 'Empty: the usual SOP for the kind of finding.'}
            data={WORKFLOWS.map((w) => ({ value: w, label: WORKFLOW_LABEL[w] }))}
            value={workflow}
            onChange={(w) => setWorkflow(w as Workflow | null)}
            error={errors.workflow}
            clearable
          />
        </SimpleGrid>
        <Textarea
          label="What was seen"
          autosize
          minRows={2}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          error={errors.summary}
          required
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={record.isPending}>
            Record finding
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Completes the first-week review: what was found in each of the five areas, and notes. */
export function CompleteFirstWeekDialog({ week, onClose }: { week: FirstWeek; onClose: () => void }) {
  const [found, setFound] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [early, setEarly] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const complete = useCompleteFirstWeek({
    onSuccess: () => {
      notifySaved('First-week review done.');
      onClose();
    },
    onError: (e) => {
      const raw = issuesByPath(e);
      // areas.<i>.found -> the area's own field.
      const byPath: Record<string, string> = {};
      for (const [path, message] of Object.entries(raw)) {
        const m = /^areas\.(\d+)/.exec(path);
        byPath[m ? `area:${REVIEW_AREAS[Number(m[1])]}` : path] = message;
      }
      if (byPath.overrideReason && e instanceof WorkbenchError && e.code === ErrorCode.REFUSED) setEarly(e.message);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? (byPath.areas ?? null) : errorMessage(e));
    },
  });
  const submit = () => {
    setFormError(null);
    complete.mutate({
      id: week.reviewId!,
      version: week.reviewVersion!,
      areas: REVIEW_AREAS.map((area) => ({ area, found: found[area] ?? '' })),
      notes,
      overrideReason: early ? overrideReason : undefined,
    });
  };
  return (
    <Modal opened onClose={onClose} title="Complete the first-week review" size="xl">
      <Stack>
        {week.openFindings > 0 ? (
          <Alert color="orange" data-testid="open-findings-warning">
            {week.openFindings} finding{week.openFindings === 1 ? ' is' : 's are'} still open: confirm or dismiss each before completing.
          </Alert>
        ) : null}
        {formError ? (
          <Alert color="red" role="alert" data-testid="complete-error">
            {formError}
          </Alert>
        ) : null}
        {REVIEW_AREAS.map((area) => {
          const a = week.areas.find((x) => x.area === area);
          return (
            <Textarea
              key={area}
              label={`${REVIEW_AREA_LABEL[area]}: what was found`}
              description={a ? `${a.events.toLocaleString()} events, ${a.findings} finding${a.findings === 1 ? '' : 's'}.` : undefined}
              autosize
              minRows={2}
              value={found[area] ?? ''}
              onChange={(e) => setFound({ ...found, [area]: e.currentTarget.value })}
              error={errors[`area:${area}`]}
            />
          );
        })}
        <Textarea
          label="Notes"
          description="What was reviewed, with whom, and what happens next."
          autosize
          minRows={3}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={errors.notes}
        />
        {early ? (
          <>
            <Alert color="orange" title="Finishing early needs an override" data-testid="review-early">
              {early}
            </Alert>
            <Textarea
              label="Override reason"
              description={`Say in at least ${OVERRIDE_REASON_MIN_LENGTH} characters why the review cannot wait. It is logged with the site's overrides.`}
              autosize
              minRows={2}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.currentTarget.value)}
              error={errors.overrideReason}
            />
            <OverrideReasonHint text={overrideReason} />
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            loading={complete.isPending}
            color={early ? 'red' : undefined}
            disabled={Boolean(early) && overrideReasonShortBy(overrideReason) > 0}
          >
            {early ? 'Complete early' : 'Complete review'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
