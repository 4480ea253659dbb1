// Façade of the routing worker: `solve()` returns a promise; the worker starts on first use and
// answers requests in order. Where workers are missing (old WebViews) it solves on the main thread.
import type { RoutingProblem, Solution, SolveOptions } from './problem.ts';
import type { SolveRequest, SolveResponse } from './protocol.ts';

export interface SolveResult {
	solution: Solution;
	/** Time the solver itself took, inside the worker. */
	elapsedMs: number;
}

export class RoutingClient {
	#worker: Worker | undefined;
	#nextId = 1;
	readonly #pending = new Map<number, { resolve: (result: SolveResult) => void; reject: (error: Error) => void }>();

	async solve(problem: RoutingProblem, options: Omit<SolveOptions, 'clock'> = {}): Promise<SolveResult> {
		if (typeof Worker === 'undefined') {
			const { solveVrptw } = await import('./vrptw.ts');
			const started = performance.now();
			return { solution: solveVrptw(problem, options), elapsedMs: performance.now() - started };
		}
		const worker = this.#start();
		const request: SolveRequest = { id: this.#nextId++, problem, options };
		return new Promise((resolve, reject) => {
			this.#pending.set(request.id, { resolve, reject });
			worker.postMessage(request);
		});
	}

	#start(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'routing' });
		worker.onmessage = ({ data }: MessageEvent<SolveResponse>) => {
			const pending = this.#pending.get(data.id);
			if (!pending) return;
			this.#pending.delete(data.id);
			if (data.ok) pending.resolve({ solution: data.solution, elapsedMs: data.elapsedMs });
			else pending.reject(new Error(data.error));
		};
		worker.onerror = (event) => {
			// A crashed worker fails everything it held; the next request starts a fresh one.
			for (const pending of this.#pending.values()) pending.reject(new Error(event.message || 'routing worker failed'));
			this.#pending.clear();
			this.#worker?.terminate();
			this.#worker = undefined;
		};
		this.#worker = worker;
		return worker;
	}
}
