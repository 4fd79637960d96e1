import { Group, Paper, Progress, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { STAGE_LABEL, type RolloutStage } from '@core/domain/stages';
import { sitesRoute } from './stat-link';

const STAGE_COLOR: Record<RolloutStage, string> = { planning: 'gray', setup: 'blue', pilot: 'violet', adoption: 'teal', paused: 'orange', retired: 'dark' };

/**
 * The stage Paused is a rollout waiting as a whole; "High-risk activity paused" (a pause record) stops
 * some workflows on a site in any stage. The chart names the stage so the two are never read as one.
 */
const CHART_LABEL: Record<RolloutStage, string> = { ...STAGE_LABEL, paused: 'Paused (stage)' };
const CHART_HINT: Partial<Record<RolloutStage, string>> = {
  paused: 'Sites whose rollout stage is Paused. Sites with high-risk activity paused by a pause record are counted apart, in “High-risk activity paused”.',
};

export function StageChart({ byStage }: { byStage: { stage: RolloutStage; count: number }[] | undefined }) {
  const total = (byStage ?? []).reduce((n, s) => n + s.count, 0);
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="sm">
        Sites by rollout stage
      </Title>
      <Stack gap={8} role="group" aria-label="Sites by stage chart">
        {(byStage ?? []).map((s) => {
          const row = (
            <UnstyledButton
              key={s.stage}
              component={Link}
              to={sitesRoute({ stage: s.stage })}
              aria-label={`${CHART_LABEL[s.stage]}: ${s.count} sites`}
              style={{ display: 'block' }}
            >
              <Group gap="sm" wrap="nowrap">
                <Text size="sm" w={112} style={{ flexShrink: 0 }}>
                  {CHART_LABEL[s.stage]}
                </Text>
                <Progress value={total ? (s.count / total) * 100 : 0} color={STAGE_COLOR[s.stage]} size="lg" style={{ flex: 1 }} aria-hidden />
                <Text size="sm" w={56} ta="right" fw={600} style={{ flexShrink: 0 }}>
                  {s.count.toLocaleString()}
                </Text>
              </Group>
            </UnstyledButton>
          );
          const hint = CHART_HINT[s.stage];
          return hint ? (
            <Tooltip key={s.stage} label={hint} multiline w={300} openDelay={300}>
              {row}
            </Tooltip>
          ) : (
            row
          );
        })}
      </Stack>
      <Text size="xs" c="dimmed" mt="sm">
        Paused (stage): the whole rollout waits. High-risk activity paused: some workflows stopped by a pause record, in any stage.
      </Text>
    </Paper>
  );
}
