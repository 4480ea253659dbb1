// Tour quality of the TSP solver on one core: random uniform instances against the Held–Karp 1-tree
// bound (the optimum lies between), TSPLIB instances against their published optima. Each solve has
// 1 s and stops earlier when the search has stalled; the times reported are the times actually used.
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../src/lib/domain/index.ts';
import { euclideanMatrix } from '../src/lib/routing/euclidean.ts';
import { heldKarpBound } from '../src/lib/routing/one-tree-bound.ts';
import { solveTsp } from '../src/lib/routing/tsp.ts';
import { parseTsplib, tsplibMatrix } from '../src/lib/routing/tsplib.ts';

const SIZES = [50, 75, 100];
const INSTANCES_PER_SIZE = Number(process.env.BENCH_TSP_INSTANCES ?? 20);
const TIME_LIMIT_MS = Number(process.env.BENCH_TSP_TIME_LIMIT_MS ?? 1000);
/** Points uniform in a square of this side; the exact (unrounded) distances are used. */
const SIDE = 1000;
/** Published optima (TSPLIB 95, Reinelt 1995) of the fixtures in tests/fixtures/routing. */
const TSPLIB_OPTIMA = { eil51: 426, berlin52: 7542, st70: 675, eil76: 538, kroA100: 21282 } as const;
const FIXTURES = new URL('../tests/fixtures/routing/', import.meta.url);
const WARM_UP_POINTS = 60;

function randomMatrix(seed: number, size: number) {
	const random = mulberry32(seed);
	return euclideanMatrix(Array.from({ length: size }, () => ({ x: random() * SIDE, y: random() * SIDE })), 'none');
}

function timedSolve(matrix: ReturnType<typeof randomMatrix>, seed: number): { length: number; ms: number } {
	const start = performance.now();
	const { length } = solveTsp(matrix, { seed, timeLimitMs: TIME_LIMIT_MS });
	return { length, ms: performance.now() - start };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round = (value: number, digits: number) => Number(value.toFixed(digits));

export async function benchRoutingTsp(): Promise<Record<string, number>> {
	timedSolve(randomMatrix(0, WARM_UP_POINTS), 0);
	const results: Record<string, number> = {};
	for (const size of SIZES) {
		const gaps: number[] = [];
		const times: number[] = [];
		for (let instance = 0; instance < INSTANCES_PER_SIZE; instance++) {
			const matrix = randomMatrix(1000 * size + instance, size);
			const { length, ms } = timedSolve(matrix, instance + 1);
			gaps.push((length / heldKarpBound(matrix) - 1) * 100);
			times.push(ms);
		}
		results[`uniform${size}_gap_mean_pct`] = round(mean(gaps), 3);
		results[`uniform${size}_gap_max_pct`] = round(Math.max(...gaps), 3);
		results[`uniform${size}_ms_mean`] = round(mean(times), 1);
		results[`uniform${size}_ms_max`] = round(Math.max(...times), 1);
	}
	for (const [name, optimum] of Object.entries(TSPLIB_OPTIMA)) {
		const parsed = parseTsplib(readFileSync(new URL(`${name}.tsp`, FIXTURES), 'utf8'));
		if (!parsed.ok) throw parsed.error;
		const { length, ms } = timedSolve(tsplibMatrix(parsed.instance), 1);
		results[`${name}_gap_pct`] = round((length / optimum - 1) * 100, 3);
		results[`${name}_ms`] = round(ms, 1);
	}
	return results;
}
