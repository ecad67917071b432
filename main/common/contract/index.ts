export * from './api';
export * from './library';
export * from './search';
export * from './notes';
export * from './annotations';
export * from './desktop';
