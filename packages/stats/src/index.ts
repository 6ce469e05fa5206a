export * from './descriptive';
export * from './random';
