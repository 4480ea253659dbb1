export * from './i18n.svelte.ts';
export * from './issues.ts';
export * from './number-input.ts';
export * from './server-refusal.ts';
export * from './patient-form-values.ts';
