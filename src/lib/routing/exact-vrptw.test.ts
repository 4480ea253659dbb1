import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { euclideanMatrix } from './euclidean.ts';
import { exactSingleVehicle } from './exact-vrptw.ts';
import { routeCost, scheduleRoute } from './feasibility.ts';
import type { RoutingProblem, Stop, Vehicle } from './problem.ts';
import { solveVrptw } from './vrptw.ts';

type Kind = 'planted' | 'loose' | 'tight';

/**
 * One nurse, a handful of visits. 'planted': windows around the times of a random order, so a feasible
 * order exists but rarely the nearest-neighbour one; 'loose': wide mixed windows and a break; 'tight':
 * narrow random hard windows, often infeasible.
 */
function randomInstance(random: () => number, n: number, kind: Kind): RoutingProblem {
	const points = Array.from({ length: n + 1 }, () => ({ x: Math.round(random() * 100), y: Math.round(random() * 100) }));
	const matrix = euclideanMatrix(points, 'none');
	const travel = (a: number, b: number) => matrix.time[a * matrix.size + b];
	const service = () => 5 + Math.round(random() * 10);
	const stops: Stop[] = [];
	let shiftEnd = 600;
	let vehicleBreak: Vehicle['break'];
	if (kind === 'planted') {
		const order = [...Array(n).keys()].sort(() => random() - 0.5);
		let t = 0;
		let at = 0;
		for (const k of order) {
			t += travel(at, k + 1) + random() * 10;
			const spread = random() * 15;
			stops[k] = { id: `v${k}`, location: k + 1, serviceTime: service(), window: { start: Math.max(0, t - spread), end: t + spread, hard: random() < 0.85 } };
			t += stops[k].serviceTime;
			at = k + 1;
		}
		shiftEnd = t + travel(at, 0) + 30;
	} else {
		for (let k = 0; k < n; k++) {
			const start = Math.round(random() * (kind === 'tight' ? 300 : 350));
			const width = kind === 'tight' ? 15 + Math.round(random() * 35) : 60 + Math.round(random() * 150);
			stops.push({ id: `v${k}`, location: k + 1, serviceTime: service(), window: { start, end: start + width, hard: kind === 'tight' || random() < 0.5 } });
		}
		shiftEnd = kind === 'tight' ? 420 : 650;
		if (kind === 'loose') vehicleBreak = { earliestStart: 180, latestStart: 260, duration: 30 };
	}
	const vehicle: Vehicle = { id: 'nurse', startLocation: 0, endLocation: 0, shiftStart: 0, shiftEnd, break: vehicleBreak };
	return { matrix, stops, vehicles: [vehicle], objective: 'distance' };
}

function nearestNeighbourOrder(problem: RoutingProblem): string[] {
	const left = new Set(problem.stops);
	const order: string[] = [];
	let at = problem.vehicles[0].startLocation;
	while (left.size > 0) {
		let next: Stop | null = null;
		for (const s of left) if (!next || problem.matrix.distance[at * problem.matrix.size + s.location] < problem.matrix.distance[at * problem.matrix.size + next.location]) next = s;
		const chosen = next as Stop;
		left.delete(chosen);
		order.push(chosen.id);
		at = chosen.location;
	}
	return order;
}

function* permutations<T>(items: T[]): Generator<T[]> {
	if (items.length <= 1) {
		yield items;
		return;
	}
	for (let k = 0; k < items.length; k++) {
		for (const rest of permutations([...items.slice(0, k), ...items.slice(k + 1)])) yield [items[k], ...rest];
	}
}

describe('exactSingleVehicle', () => {
	it('agrees with trying every order on small instances', () => {
		const random = mulberry32(7);
		const kinds: Kind[] = ['planted', 'loose', 'tight'];
		for (let round = 0; round < 30; round++) {
			const problem = randomInstance(random, 6, kinds[round % 3]);
			let best = Infinity;
			for (const order of permutations(problem.stops.map((s) => s.id))) {
				const result = scheduleRoute(problem, problem.vehicles[0], order);
				if (result.ok) best = Math.min(best, routeCost(problem, result.route));
			}
			const exact = exactSingleVehicle(problem);
			if (best === Infinity) expect(exact).toBeNull();
			else expect(exact?.cost).toBeCloseTo(best, 6);
		}
	});
});

describe('solveVrptw against the exact solver', () => {
	it('is optimal on small one-nurse instances and finds no order exactly when none exists', () => {
		const random = mulberry32(2024);
		const kinds: Kind[] = ['planted', 'planted', 'loose', 'tight'];
		let nearestNeighbourFails = 0;
		let infeasible = 0;
		let optimal = 0;
		const instances = 75;
		for (let round = 0; round < instances; round++) {
			const kind = kinds[round % kinds.length];
			const problem = randomInstance(random, 7 + (round % 4), kind);
			const exact = exactSingleVehicle(problem);
			const solution = solveVrptw(problem, { seed: round, maxIterations: 300 });
			if (!scheduleRoute(problem, problem.vehicles[0], nearestNeighbourOrder(problem)).ok && exact) nearestNeighbourFails++;
			if (!exact) {
				infeasible++;
				expect(solution.unassigned.length, `instance ${round} has no feasible order`).toBeGreaterThan(0);
				continue;
			}
			// The exact order schedules to the same cost: both solvers read the rules alike.
			const check = scheduleRoute(problem, problem.vehicles[0], exact.stopIds);
			expect(check.ok && routeCost(problem, check.route)).toBeCloseTo(exact.cost, 6);
			expect(solution.unassigned, `instance ${round} (${kind})`).toEqual([]);
			const cost = solution.routes.reduce((sum, r) => sum + routeCost(problem, r), 0);
			expect(cost, `instance ${round} (${kind})`).toBeCloseTo(exact.cost, 6);
			optimal++;
		}
		expect(optimal + infeasible).toBe(instances);
		expect(nearestNeighbourFails).toBeGreaterThanOrEqual(10);
		expect(infeasible).toBeGreaterThanOrEqual(3);
		expect(optimal).toBeGreaterThanOrEqual(50);
	});
});
