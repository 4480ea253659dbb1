export * from './session.svelte.ts';
export * from './sync-status.svelte.ts';
export * from './live-query.svelte.ts';
export * from './patient-editing.ts';
export * from './devices.svelte.ts';
export * from './vitals-recording.ts';
export * from './tour-planning.ts';
export * from './offline-maps.svelte.ts';
