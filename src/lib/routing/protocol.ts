// Messages between the app and the routing worker (worker.ts): one request, one answer, by id.
import type { RoutingProblem, Solution, SolveOptions } from './problem.ts';

export interface SolveRequest {
	id: number;
	problem: RoutingProblem;
	options: Omit<SolveOptions, 'clock'>;
}

export type SolveResponse = { id: number; ok: true; solution: Solution; elapsedMs: number } | { id: number; ok: false; error: string };
