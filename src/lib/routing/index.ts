export * from './problem.ts';
export * from './travel.ts';
export * from './osrm-table.ts';
export * from './nurse-day.ts';
export * from './client.ts';
