export { default as SyncIndicator } from './SyncIndicator.svelte';
export { default as PatientForm } from './PatientForm.svelte';
export * from './patient-form-values.ts';
export { default as TrendChart } from './TrendChart.svelte';
export { default as DevicePanel } from './DevicePanel.svelte';
export type { DeviceRow } from './device-row.ts';
export { default as ManualVitalsForm } from './ManualVitalsForm.svelte';
export { default as News2Panel } from './News2Panel.svelte';
