export * from './change-log';
export * from './clients';
export * from './meta';
export * from './owners';
export * from './people';
export * from './sites';
export * from './operators';
export * from './playbook';
