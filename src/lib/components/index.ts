export { default as SyncIndicator } from './SyncIndicator.svelte';
export { default as PatientForm } from './PatientForm.svelte';
export * from './patient-form-values.ts';
