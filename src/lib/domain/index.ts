export * from './ids.ts';
export * from './account.ts';
export * from './documents.ts';
export * from './dates.ts';
export * from './rights.ts';
export * from './conflicts.ts';
export * from './prng.ts';
