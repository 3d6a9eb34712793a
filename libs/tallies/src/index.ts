export * from './contributions';
export * from './fold';
