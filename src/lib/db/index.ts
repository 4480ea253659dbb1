export * from './device-store.ts';
export * from './offline-verifier.ts';
export * from './local-databases.ts';
export * from './patients.ts';
export * from './save-error.ts';
export * from './visits.ts';
export * from './team-queries.ts';
export * from './persistence.ts';
