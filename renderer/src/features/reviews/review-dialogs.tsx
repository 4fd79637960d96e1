import { Alert, Anchor, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { OVERRIDE_REASON_MIN_LENGTH } from '@core/contract/fields';
import type { Review } from '@core/contract/reviews';
import { addLocalDays, earliestSnooze, REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { formatDay } from '@core/domain/day-format';
import { DAY_FORMAT, DateField } from '../../lib/date-field';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { PersonSelect } from '../people/person-select';
import { useAssignReview, useFinishReview, useSnoozeReview } from './mutations';
import { reviewTitle } from './review-state';

/**
 * Done (notes, findings) or skipped (reason); the answer says which review was planned next. A
 * first-week review is only skipped here: it is completed on its site's First week tab (ReviewActions).
 */
export function FinishDialog({ review, how, onClose }: { review: Review; how: 'complete' | 'skip'; onClose: () => void }) {
  const [notes, setNotes] = useState('');
  const [findings, setFindings] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const finish = useFinishReview({
    onSuccess: (r) => {
      notifySaved(
        `${REVIEW_KIND_LABEL[review.kind]} ${how === 'complete' ? 'done' : 'skipped'}.${r.next ? ` Next: ${REVIEW_KIND_LABEL[r.next.kind].toLowerCase()} on ${r.next.dueOn}.` : ''}`,
      );
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? null : errorMessage(e));
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`${how === 'complete' ? 'Complete' : 'Skip'} the ${reviewTitle(review).replace(/^./, (c) => c.toLowerCase())}`}
      size="lg"
    >
      <Stack>
        <Text size="sm" c="dimmed">
          Due {review.dueOn}. Why: {review.reason}
        </Text>
        {review.kind === 'first_week' ? (
          <Text size="sm">
            The site’s{' '}
            <Anchor href={`#/sites/${review.siteId}/first-week`} onClick={onClose}>
              First week tab
            </Anchor>{' '}
            imports the week’s activity, lists its findings by operator and completes the review with a note on each of the five things it looks at.
          </Text>
        ) : null}
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
            <Textarea
              label="Notes"
              description="What was reviewed, with whom, and what you looked at."
              autosize
              minRows={3}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              error={errors.notes}
              data-autofocus
            />
            <Textarea
              label="Findings"
              description="What needs to change (SOPs, training, owners). Leave empty if nothing."
              autosize
              minRows={2}
              value={findings}
              onChange={(e) => setFindings(e.currentTarget.value)}
              error={errors.findings}
            />
          </>
        ) : (
          <Textarea
            label="Reason"
            description={
              review.waitingOperators.length
                ? `Skipping lets the waiting operators in without this review: it is logged as an override, so say why in at least ${OVERRIDE_REASON_MIN_LENGTH} characters.`
                : "Why this review is not needed; it stays in the site's history."
            }
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.reason}
            data-autofocus
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => finish.mutate({ how, id: review.id, version: review.version, notes, findings })}
            loading={finish.isPending}
            color={how === 'complete' ? undefined : 'gray'}
          >
            {how === 'complete' ? 'Mark done' : 'Skip review'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The day a snooze counts from: today, or the day an upcoming review is already due (snoozing only moves it later). */
export function snoozeBase(review: Review, today: string): string {
  return addLocalDays(earliestSnooze(review, today), -1);
}

export const day = (d: string) => formatDay(d, DAY_FORMAT);

export function SnoozeDialog({ review, today, onClose }: { review: Review; today: string; onClose: () => void }) {
  const base = snoozeBase(review, today);
  const [until, setUntil] = useState<string>(addLocalDays(base, 7));
  const [error, setError] = useState<string | null>(null);
  const snooze = useSnoozeReview({
    onSuccess: (r) => {
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
          <Button onClick={() => snooze.mutate({ id: review.id, version: review.version, until })} loading={snooze.isPending}>
            Snooze
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function AssignDialog({ review, onClose }: { review: Review; onClose: () => void }) {
  const [owner, setOwner] = useState<string | null>(review.ownerFollowsMatrix ? null : review.ownerId);
  const [error, setError] = useState<string | null>(null);
  const assign = useAssignReview({
    onSuccess: (r) => {
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
          <Button
            variant="subtle"
            onClick={() => assign.mutate({ id: review.id, version: review.version, ownerId: null })}
            disabled={review.ownerFollowsMatrix}
          >
            Follow the owner matrix
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              onClick={() =>
                owner ? assign.mutate({ id: review.id, version: review.version, ownerId: owner }) : setError('Choose a person, or follow the owner matrix.')
              }
              loading={assign.isPending}
            >
              Assign
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
