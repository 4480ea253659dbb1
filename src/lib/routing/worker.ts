// Web Worker entry: solves routing problems off the main thread so the map never freezes.
import type { SolveRequest, SolveResponse } from './protocol.ts';
import { solveVrptw } from './vrptw.ts';

const scope = self as unknown as { onmessage: ((event: MessageEvent<SolveRequest>) => void) | null; postMessage(message: SolveResponse): void };

scope.onmessage = ({ data: request }) => {
	const started = performance.now();
	try {
		const solution = solveVrptw(request.problem, request.options);
		scope.postMessage({ id: request.id, ok: true, solution, elapsedMs: performance.now() - started });
	} catch (err) {
		scope.postMessage({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
	}
};
