// The routing layer's public face: the app plans through RoutingClient (the worker); the solvers
// themselves are exported for the command line, the benchmarks and tests.
export * from './problem.ts';
export * from './travel.ts';
export * from './osrm-table.ts';
export * from './nurse-day.ts';
export * from './client.ts';
export { scheduleRoute } from './feasibility.ts';
export { explainUnassigned } from './explain.ts';
export { solveVrptw } from './vrptw.ts';
export { solveTsp } from './tsp.ts';
export { heldKarpBound } from './one-tree-bound.ts';
export * from './nearest-units.ts';
