export * from './common.ts';
export * from './account.ts';
export * from './unit.ts';
export * from './settings.ts';
export * from './reported.ts';
export * from './messages.ts';
