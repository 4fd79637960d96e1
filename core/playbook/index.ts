export * from './schema';
export { defaultPlaybook } from './default-playbook';
export { diffSops, type SopChange } from './sop-diff';
export { checkScenarioConsistency } from './consistency';
export { ANSWER_FOR_BASIS, answerForRisk, matchSituation, TEXT_MATCH_THRESHOLD, type SopItemMatch } from './sop-match';
export { drawScenarios, type DrawableScenario } from './scenario-draw';
