export * from './org';
export * from './programme';
export * from './roles';
