export * from './descriptive';
