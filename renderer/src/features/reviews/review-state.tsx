import { Badge, Text } from '@mantine/core';
import type { Review } from '@core/contract/reviews';
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';

export const STATE_COLOR: Record<Review['state'], string> = { overdue: 'red', due: 'orange', upcoming: 'blue', done: 'teal', skipped: 'gray' };

export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

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
