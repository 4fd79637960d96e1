/** Rollout stages of a site (docs/ARCHITECTURE.md, "The domain the code relies on"). */
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

/** The stages a site may be created in; later stages are reached through Change stage and its readiness gates. */
export const NEW_SITE_STAGES = ['planning', 'setup'] as const satisfies readonly RolloutStage[];
export type NewSiteStage = (typeof NEW_SITE_STAGES)[number];

export function isNewSiteStage(stage: RolloutStage): stage is NewSiteStage {
  return (NEW_SITE_STAGES as readonly RolloutStage[]).includes(stage);
}

/** Why a site cannot be created in a later stage, and what to do instead. */
export const NEW_SITE_STAGE_RULE = 'A new site starts in Planning or Setup. Move it on with Change stage, which checks the readiness gates.';
