import { Badge } from '@mantine/core';
import { STAGE_LABEL, type RolloutStage } from '@core/domain/stages';

const COLOR: Record<RolloutStage, string> = {
  planning: 'gray',
  setup: 'blue',
  pilot: 'violet',
  adoption: 'teal',
  paused: 'orange',
  retired: 'dark',
};

export function StageBadge({ stage }: { stage: RolloutStage }) {
  return (
    <Badge color={COLOR[stage]} variant="light" size="sm" radius="sm" tt="none">
      {STAGE_LABEL[stage]}
    </Badge>
  );
}
