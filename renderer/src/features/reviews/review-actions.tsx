import { ActionIcon, Alert, Badge, Button, Group, Menu, Modal, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconAlarmSnooze, IconCheck, IconDots, IconPlayerSkipForward, IconUserEdit } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { OVERRIDE_REASON_MIN_LENGTH, overrideReasonShortBy } from '../../../../core/contract/fields';
import type { Review } from '../../../../core/contract/reviews';
import { addLocalDays, earliestSnooze, REVIEW_KIND_LABEL } from '../../../../core/domain/cadence';
import { formatDay } from '../../../../core/domain/day-format';
import { ErrorCode, WorkbenchError } from '../../../../core/errors';
import { DAY_FORMAT, DateField } from '../../lib/date-field';
import { errorMessage, issuesByPath, notifyError, notifySaved } from '../../lib/errors';
import { OverrideReasonHint } from '../../lib/override-hint';
import { rpc } from '../../lib/rpc';
import { PersonSelect } from '../people/person-select';

export const STATE_COLOR: Record<Review['state'], string> = { overdue: 'red', due: 'orange', upcoming: 'blue', done: 'teal', skipped: 'gray' };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function StateBadge({ review }: { review: Review }) {
  const label = { overdue: 'Overdue', due: 'Due today', upcoming: 'Upcoming', done: 'Done', skipped: 'Skipped' }[review.state];
  const detail =
    review.state === 'overdue' ? `${plural(review.daysLate, 'day')} late` : review.state === 'upcoming' ? `in ${plural(-review.daysLate, 'day')}` : null;
  return (
    <div>
      <Badge color={STATE_COLOR[review.state]} variant={review.state === 'overdue' || review.state === 'due' ? 'filled' : 'light'} tt="none">
        {label}
      </Badge>
      {detail ? (
        <Text size="xs" c="dimmed" mt={2}>
          {detail}
        </Text>
      ) : null}
    </div>
  );
}

export function reviewTitle(r: Review): string {
  return `${REVIEW_KIND_LABEL[r.kind]} of “${r.siteName}”`;
}

function useAfterChange() {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries();
  };
}

/** Done (notes, findings) or skipped (reason); the answer says which review was planned next. */
export function FinishDialog({ review, how, onClose }: { review: Review; how: 'complete' | 'skip'; onClose: () => void }) {
  const refresh = useAfterChange();
  const [notes, setNotes] = useState('');
  const [findings, setFindings] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Set when the server refuses to finish a first-week review before its week is over: its message, shown above the override field.
  const [early, setEarly] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const finish = useMutation({
    mutationFn: () =>
      how === 'complete'
        ? rpc('reviews.complete', { id: review.id, version: review.version, notes, findings, overrideReason: early ? overrideReason : undefined })
        : rpc('reviews.skip', { id: review.id, version: review.version, reason: notes }),
    onSuccess: async (r) => {
      await refresh();
      notifySaved(
        `${REVIEW_KIND_LABEL[review.kind]} ${how === 'complete' ? 'done' : 'skipped'}.${r.next ? ` Next: ${REVIEW_KIND_LABEL[r.next.kind].toLowerCase()} on ${r.next.dueOn}.` : ''}`,
      );
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      if (byPath.overrideReason && e instanceof WorkbenchError && e.code === ErrorCode.REFUSED) setEarly(e.message);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? null : errorMessage(e));
    },
  });
  return (
    <Modal opened onClose={onClose} title={`${how === 'complete' ? 'Complete' : 'Skip'} the ${reviewTitle(review).replace(/^./, (c) => c.toLowerCase())}`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          Due {review.dueOn}. Why: {review.reason}
        </Text>
        {review.waitingOperators.length ? (
          <Alert color="blue">Access of {review.waitingOperators.map((o) => o.name).join(', ')} waits for this review.</Alert>
        ) : null}
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        {how === 'complete' ? (
          <>
            <Textarea label="Notes" description="What was reviewed, with whom, and what you looked at." autosize minRows={3} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={errors.notes} data-autofocus />
            <Textarea label="Findings" description="What needs to change (SOPs, training, owners). Leave empty if nothing." autosize minRows={2} value={findings} onChange={(e) => setFindings(e.currentTarget.value)} error={errors.findings} />
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
                  onChange={(e) => {
                    setOverrideReason(e.currentTarget.value);
                    setErrors(({ overrideReason: _, ...rest }) => rest);
                  }}
                  error={errors.overrideReason}
                  data-autofocus
                />
                <OverrideReasonHint text={overrideReason} />
              </>
            ) : null}
          </>
        ) : (
          <Textarea
            label="Reason"
            description={
              review.waitingOperators.length
                ? `Skipping lets the waiting operators in without this review: it is logged as an override, so say why in at least ${OVERRIDE_REASON_MIN_LENGTH} characters.`
                : "Why this review is not needed; it stays in the site's history."
            }
            autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={errors.reason} data-autofocus />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => finish.mutate()} loading={finish.isPending} color={how === 'complete' ? (early ? 'red' : undefined) : 'gray'} disabled={Boolean(early) && overrideReasonShortBy(overrideReason) > 0}>
            {how === 'complete' ? (early ? 'Mark done early' : 'Mark done') : 'Skip review'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The day a snooze counts from: today, or the day an upcoming review is already due (snoozing only moves it later). */
function snoozeBase(review: Review, today: string): string {
  return addLocalDays(earliestSnooze(review, today), -1);
}

const day = (d: string) => formatDay(d, DAY_FORMAT);

function SnoozeDialog({ review, today, onClose }: { review: Review; today: string; onClose: () => void }) {
  const refresh = useAfterChange();
  const base = snoozeBase(review, today);
  const [until, setUntil] = useState<string>(addLocalDays(base, 7));
  const [error, setError] = useState<string | null>(null);
  const snooze = useMutation({
    mutationFn: () => rpc('reviews.snooze', { id: review.id, version: review.version, until }),
    onSuccess: async (r) => {
      await refresh();
      notifySaved(`Snoozed until ${day(r.snoozedUntil ?? until)}.`);
      onClose();
    },
    onError: (e) => setError(issuesByPath(e).until ?? errorMessage(e)),
  });
  return (
    <Modal opened onClose={onClose} title={`Snooze the ${reviewTitle(review).replace(/^./, (c) => c.toLowerCase())}`}>
      <Stack>
        <DateField
          label="Snooze until"
          description={base > today ? `It is due on ${day(base)}: a snooze moves it to a later day.` : undefined}
          value={until}
          onChange={(v) => {
            setUntil(v);
            setError(null);
          }}
          minDate={addLocalDays(base, 1)}
          maxDate={addLocalDays(today, 365)}
          required
          error={error}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => snooze.mutate()} loading={snooze.isPending}>
            Snooze
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AssignDialog({ review, onClose }: { review: Review; onClose: () => void }) {
  const refresh = useAfterChange();
  const [owner, setOwner] = useState<string | null>(review.ownerFollowsMatrix ? null : review.ownerId);
  const [error, setError] = useState<string | null>(null);
  const assign = useMutation({
    mutationFn: (ownerId: string | null) => rpc('reviews.assign', { id: review.id, version: review.version, ownerId }),
    onSuccess: async (r) => {
      await refresh();
      notifySaved(r.ownerFollowsMatrix ? `The review follows the owner matrix (${r.ownerName ?? 'nobody assigned'}).` : `Assigned to ${r.ownerName}.`);
      onClose();
    },
    onError: (e) => setError(issuesByPath(e).ownerId ?? errorMessage(e)),
  });
  return (
    <Modal opened onClose={onClose} title={`Owner of the ${reviewTitle(review).replace(/^./, (c) => c.toLowerCase())}`}>
      <Stack>
        <Text size="sm" c="dimmed">
          {review.ownerFollowsMatrix
            ? `Now: ${review.ownerName ?? 'nobody'}, from the site's owner matrix. Assigning someone pins the review to them.`
            : `Now: ${review.ownerName}, assigned by hand.`}
        </Text>
        <PersonSelect label="Owner" value={owner} onChange={setOwner} selectedName={review.ownerFollowsMatrix ? null : review.ownerName} error={error} />
        <Group justify="space-between">
          <Button variant="subtle" onClick={() => assign.mutate(null)} disabled={review.ownerFollowsMatrix}>
            Follow the owner matrix
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => (owner ? assign.mutate(owner) : setError('Choose a person, or follow the owner matrix.'))} loading={assign.isPending}>
              Assign
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The buttons of an open review: complete, and a menu for skip, snooze and owner. */
export function ReviewActions({ review, today }: { review: Review; today: string }) {
  const refresh = useAfterChange();
  const [dialog, setDialog] = useState<null | 'complete' | 'skip' | 'snooze' | 'assign'>(null);
  // Until the workspace's today is known (it comes with the list), there is nothing to count a snooze from.
  const base = today ? snoozeBase(review, today) : '';
  const quickSnooze = useMutation({
    mutationFn: (days: number) => rpc('reviews.snooze', { id: review.id, version: review.version, until: addLocalDays(base, days) }),
    onSuccess: async (r) => {
      await refresh();
      notifySaved(`Snoozed until ${day(r.snoozedUntil ?? '')}.`);
    },
    onError: (e) => notifyError(e, 'Not snoozed'),
  });
  if (review.state === 'done' || review.state === 'skipped') return null;
  const label = reviewTitle(review);
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label="Record the review as done">
        <Button size="compact-sm" variant="light" leftSection={<IconCheck size={14} />} onClick={() => setDialog('complete')} aria-label={`Complete ${label}`}>
          Mark done
        </Button>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`More actions for ${label}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {/* An upcoming review is snoozed from its due day: “until tomorrow” would not move it. */}
          <Menu.Label>{base > today ? `Snooze (due ${day(base)})` : 'Snooze'}</Menu.Label>
          {(!base ? [] : base > today
            ? [
                [1, 'A day later'],
                [3, '3 days later'],
                [7, 'A week later'],
                [14, '2 weeks later'],
              ]
            : [
                [1, 'Until tomorrow'],
                [3, 'For 3 days'],
                [7, 'For a week'],
                [14, 'For 2 weeks'],
              ]
          ).map(([days, text]) => (
            <Menu.Item
              key={days}
              leftSection={<IconAlarmSnooze size={14} />}
              rightSection={<Text size="xs" c="dimmed">{day(addLocalDays(base, days as number))}</Text>}
              onClick={() => quickSnooze.mutate(days as number)}
            >
              {text}
            </Menu.Item>
          ))}
          <Menu.Item leftSection={<IconAlarmSnooze size={14} />} onClick={() => setDialog('snooze')} disabled={!base}>
            Until a date…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconUserEdit size={14} />} onClick={() => setDialog('assign')}>
            Change owner…
          </Menu.Item>
          <Menu.Item leftSection={<IconPlayerSkipForward size={14} />} onClick={() => setDialog('skip')}>
            Skip with a reason…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog === 'complete' || dialog === 'skip' ? <FinishDialog review={review} how={dialog} onClose={() => setDialog(null)} /> : null}
      {dialog === 'snooze' ? <SnoozeDialog review={review} today={today} onClose={() => setDialog(null)} /> : null}
      {dialog === 'assign' ? <AssignDialog review={review} onClose={() => setDialog(null)} /> : null}
    </Group>
  );
}
