/** Rollout stages of a site (DOMAIN.md). */
export const ROLLOUT_STAGES = ['planning', 'setup', 'pilot', 'adoption', 'paused', 'retired'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

export const STAGE_LABEL: Record<RolloutStage, string> = {
  planning: 'Planning',
  setup: 'Setup',
  pilot: 'Pilot',
  adoption: 'Adoption',
  paused: 'Paused',
  retired: 'Retired',
};
