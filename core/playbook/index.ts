export * from './schema';
export { defaultPlaybook } from './default-playbook';
export { diffSops, type SopChange } from './sop-diff';
export { ANSWER_FOR_BASIS, answerForRisk, checkScenarioConsistency, matchSituation, TEXT_MATCH_THRESHOLD, type SopItemMatch } from './consistency';
export { drawScenarios, type DrawableScenario } from './scenario-draw';
