// VRPTW solver: Solomon instances against best-known results (vehicles first, then distance), and a
// nurse day of 40 visits around Saalfeld with 3 nurses under the default time limit (target < 300 ms).
import { readFileSync } from 'node:fs';
import { runSolomon } from '../src/lib/routing/solomon.ts';
import { solveVrptw } from '../src/lib/routing/vrptw.ts';
import { nurseDay } from './nurse-day-instance.ts';

const SOLOMON_MS = Number(process.env.BENCH_VRPTW_SOLOMON_MS ?? 12_000);
const NURSE_SEEDS = Number(process.env.BENCH_VRPTW_NURSE_SEEDS ?? 20);
const NURSE_TARGET_MS = 300;
/** Best known (vehicles, distance) from the SINTEF Solomon table (hierarchical objective). */
const BEST_KNOWN: Record<string, [number, number]> = {
	C101: [10, 828.94],
	R101: [19, 1650.8],
	RC101: [14, 1696.95],
	C201: [3, 591.56],
	R201: [4, 1252.37]
};
export async function benchRoutingVrptw(): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const [name, [bestVehicles, bestDistance]] of Object.entries(BEST_KNOWN)) {
		const text = readFileSync(new URL(`../tests/fixtures/routing/solomon/${name}.txt`, import.meta.url), 'utf8');
		const started = performance.now();
		const result = runSolomon(text, { timeLimitMs: SOLOMON_MS, seed: 1 });
		out[`${name}_ms`] = Math.round(performance.now() - started);
		out[`${name}_vehicles`] = result.vehicles;
		out[`${name}_vehicles_diff`] = result.vehicles - bestVehicles;
		out[`${name}_distance`] = Number(result.distance.toFixed(2));
		out[`${name}_gap_pct`] = Number(((result.distance / bestDistance - 1) * 100).toFixed(2)) + 0; // + 0 turns -0 into 0
	}
	// Warm the JIT so the timings are of the solver, not of compilation.
	solveVrptw(nurseDay(0));
	const times: number[] = [];
	let unassigned = 0;
	for (let seed = 1; seed <= NURSE_SEEDS; seed++) {
		const problem = nurseDay(seed);
		const started = performance.now();
		const solution = solveVrptw(problem, { seed });
		times.push(performance.now() - started);
		unassigned += solution.unassigned.length;
	}
	times.sort((a, b) => a - b);
	out.nurse40_median_ms = Number(times[Math.floor(times.length / 2)].toFixed(1));
	out.nurse40_max_ms = Number(times[times.length - 1].toFixed(1));
	out.nurse40_target_ms = NURSE_TARGET_MS;
	out.nurse40_mean_unassigned = unassigned / NURSE_SEEDS;
	return out;
}
