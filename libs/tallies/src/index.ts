export * from './contributions';
export * from './fold';
export * from './publication';
export * from './victim-release';
