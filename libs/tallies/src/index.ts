export * from './contributions';
export * from './fold';
export * from './publication';
