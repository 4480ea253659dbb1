export * from './protocol.ts';
export * from './team-sync.ts';
export * from './inline-attachments.ts';
export * from './conflict-review.ts';
export * from './coalesce.ts';
export * from './live-feed.ts';
export * from './signal-outbox.ts';
export * from './call-session.ts';
