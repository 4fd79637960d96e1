import { ActionIcon, Button, Group, Menu, Text } from '@mantine/core';
import { IconAlarmSnooze, IconArrowRight, IconCheck, IconDots, IconPlayerSkipForward, IconUserEdit } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Review } from '@core/contract/reviews';
import { addLocalDays } from '@core/domain/cadence';
import { notifyError, notifySaved } from '../../lib/errors';
import { HoverTooltip } from '../../lib/hover-tooltip';
import { useSnoozeReview } from './mutations';
import { AssignDialog, day, FinishDialog, snoozeBase, SnoozeDialog } from './review-dialogs';
import { reviewTitle } from './review-state';

/**
 * The buttons of an open review: complete, and a menu for skip, snooze and owner. A first-week review
 * is completed on its site's First week tab, which asks what was found in each of the five things it
 * looks at (the server refuses to complete it with notes alone), so its row links there. A list shows many
 * of them, so the menu is made on the first click on its button (a Mantine menu costs its hooks from
 * its first render, open or not); it opens at once, and stays made.
 */
export function ReviewActions({ review, today }: { review: Review; today: string }) {
  const [dialog, setDialog] = useState<null | 'complete' | 'skip' | 'snooze' | 'assign'>(null);
  const [menuMade, setMenuMade] = useState(false);
  // Until the workspace's today is known (it comes with the list), there is nothing to count a snooze from.
  const base = today ? snoozeBase(review, today) : '';
  const quickSnooze = useSnoozeReview({
    onSuccess: (r) => {
      notifySaved(`Snoozed until ${day(r.snoozedUntil ?? '')}.`);
    },
    onError: (e) => notifyError(e, 'Not snoozed'),
  });
  if (review.state === 'done' || review.state === 'skipped') return null;
  const label = reviewTitle(review);
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {review.kind === 'first_week' ? (
        <HoverTooltip label="Completed with what was found in prompts, rejected plans, support drafts, approvals and audit records">
          <Button
            component={Link}
            to={`/sites/${review.siteId}/first-week`}
            size="compact-sm"
            variant="light"
            rightSection={<IconArrowRight size={14} />}
            aria-label={`Complete ${label} on the First week tab`}
          >
            Complete on the First week tab
          </Button>
        </HoverTooltip>
      ) : (
        <HoverTooltip label="Record the review as done">
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconCheck size={14} />}
            onClick={() => setDialog('complete')}
            aria-label={`Complete ${label}`}
          >
            Mark done
          </Button>
        </HoverTooltip>
      )}
      {menuMade ? null : (
        <ActionIcon variant="subtle" aria-label={`More actions for ${label}`} aria-haspopup="menu" onClick={() => setMenuMade(true)}>
          <IconDots size={16} />
        </ActionIcon>
      )}
      {!menuMade ? null : (
        <Menu position="bottom-end" withinPortal defaultOpened>
          <Menu.Target>
            <ActionIcon variant="subtle" aria-label={`More actions for ${label}`}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {/* An upcoming review is snoozed from its due day: “until tomorrow” would not move it. */}
            <Menu.Label>{base > today ? `Snooze (due ${day(base)})` : 'Snooze'}</Menu.Label>
            {(!base
              ? []
              : base > today
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
                rightSection={
                  <Text size="xs" c="dimmed">
                    {day(addLocalDays(base, days as number))}
                  </Text>
                }
                onClick={() => quickSnooze.mutate({ id: review.id, version: review.version, until: addLocalDays(base, days as number) })}
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
      )}
      {dialog === 'complete' || dialog === 'skip' ? <FinishDialog review={review} how={dialog} onClose={() => setDialog(null)} /> : null}
      {dialog === 'snooze' ? <SnoozeDialog review={review} today={today} onClose={() => setDialog(null)} /> : null}
      {dialog === 'assign' ? <AssignDialog review={review} onClose={() => setDialog(null)} /> : null}
    </Group>
  );
}
