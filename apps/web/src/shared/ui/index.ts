export * from './badge';
export * from './button';
export * from './error-message';
export * from './field';
export * from './query-state';
export * from './spinner';
export * from './confirm-dialog';
export * from './data-table';
