export * from './schema';
export { defaultPlaybook } from './default-playbook';
export { diffSops, type SopChange } from './sop-diff';
