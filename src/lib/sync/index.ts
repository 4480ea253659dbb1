export * from './protocol.ts';
export * from './backoff.ts';
export * from './team-sync.ts';
export * from './conflict-review.ts';
