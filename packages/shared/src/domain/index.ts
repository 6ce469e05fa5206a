export * from './org';
export * from './roles';
