/** The stage-move dialog of the site header: what blocks the move, where each blocker is fixed, and the written override. */
import { Alert, Anchor, Button, Group, List, Loader, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { OVERRIDE_REASON_MIN_LENGTH, overrideReasonShortBy } from '@core/contract/fields';
import type { Site } from '@core/contract/sites';
import { FIX_PLACE_LABEL, fixPlace, fixRoute } from '@core/domain/blocker-fix';
import { gatesForTransition } from '@core/domain/readiness';
import { STAGE_LABEL } from '@core/domain/stages';
import { WorkbenchError } from '@core/errors';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { OverrideReasonHint } from '../../lib/override-hint';
import { useChangeStage } from '../sites/mutations';
import { readinessQueries } from './queries';

/** The reasons a move from the site's stage to `to` is blocked, from the readiness the site page already shows; null while loading. */
export function useStageBlockers(site: Site, to: Site['stage']): string[] | null {
  const r = useQuery(readinessQueries.get(site.id));
  if (!r.data) return null;
  const gates = gatesForTransition(site.stage, to);
  return r.data.gates.filter((g) => gates.includes(g.gate)).flatMap((g) => g.reasons.map((reason) => `${g.label}: ${reason}`));
}

/** One blocking reason, with a link to the place where it is fixed. */
function BlockerItem({ site, reason, onLeave }: { site: Site; reason: string; onLeave: () => void }) {
  const place = fixPlace(reason);
  const route = `${fixRoute(place, site.id)}${place === 'setup' ? '?focus=missing' : ''}`;
  return (
    <List.Item>
      <Text size="sm" span>
        {reason}
      </Text>{' '}
      <Anchor href={`#${route}`} size="sm" fw={600} onClick={onLeave} data-testid="stage-fix-link">
        Fix on the {FIX_PLACE_LABEL[place]} →
      </Anchor>
    </List.Item>
  );
}

/**
 * The stage control in the site header: says before any click whether the move is allowed; when a
 * readiness gate blocks it, lists each reason with a link to where it is fixed, and offers a written
 * override below.
 */
export function ChangeStageDialog({ site, to, onClose }: { site: Site; to: Site['stage']; onClose: () => void }) {
  const known = useStageBlockers(site, to);
  // The server has the last word: facts may change between opening the dialog and moving.
  const [refused, setRefused] = useState<string[] | null>(null);
  const [override, setOverride] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const blocked = refused ?? known;
  const move = useChangeStage({
    onSuccess: () => {
      notifySaved(`“${site.name}” is now in ${STAGE_LABEL[to]}.`);
      onClose();
    },
    onError: (e) => {
      const onField = issuesByPath(e).overrideReason;
      if (onField) setOverrideError(onField);
      else if (e instanceof WorkbenchError && e.code === 'GATE_BLOCKED') setRefused((e.details?.reasons as string[] | undefined) ?? [e.message]);
      else setError(errorMessage(e));
    },
  });
  const shortBy = overrideReasonShortBy(override);
  const moveLabel = `${STAGE_LABEL[site.stage]} → ${STAGE_LABEL[to]}`;
  return (
    <Modal opened onClose={onClose} title={`Move “${site.name}” from ${STAGE_LABEL[site.stage]} to ${STAGE_LABEL[to]}?`} size="lg">
      <Stack>
        {error ? <Alert color="red">{error}</Alert> : null}
        {blocked === null ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Checking the readiness gates…
            </Text>
          </Group>
        ) : blocked.length ? (
          <>
            <Alert color="orange" title={`${moveLabel} is blocked`} data-testid="stage-blocked">
              <Text size="sm" mb={6}>
                Fix each of these first, or move anyway with a written reason below.
              </Text>
              <List size="sm" spacing={6}>
                {blocked.map((b) => (
                  <BlockerItem key={b} site={site} reason={b} onLeave={onClose} />
                ))}
              </List>
            </Alert>
            <Textarea
              label="Override reason"
              description={`Only if the move cannot wait: say why in at least ${OVERRIDE_REASON_MIN_LENGTH} characters. The reason is logged and shown in the site's documents.`}
              value={override}
              onChange={(e) => {
                setOverride(e.currentTarget.value);
                setOverrideError(null);
              }}
              error={overrideError}
              autosize
              minRows={2}
            />
            <OverrideReasonHint text={override} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
              <Button
                color="red"
                disabled={shortBy > 0}
                loading={move.isPending}
                onClick={() => move.mutate({ siteId: site.id, version: site.version, to, overrideReason: override })}
              >
                Move anyway
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="stage-allowed">
              {gatesForTransition(site.stage, to).length
                ? `${moveLabel} is allowed: every readiness condition is met.`
                : `${moveLabel} needs no readiness gate.`}
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button loading={move.isPending} onClick={() => move.mutate({ siteId: site.id, version: site.version, to })}>
                Move to {STAGE_LABEL[to]}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
